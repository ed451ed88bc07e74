package dev.strata.config;

/**
 * The remote Git repository this instance keeps its configuration in step with
 * ({@code STRATA_REMOTE_URL}): its state for admins and health checks, and a way to ask for an
 * early fetch (a push webhook).
 */
public interface Replication {

    ReplicationStatus status();

    /** Fetches from the remote soon, off the caller's thread; requests made while one waits count once. */
    void fetchSoon();
}
