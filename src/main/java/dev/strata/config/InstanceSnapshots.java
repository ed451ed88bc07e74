package dev.strata.config;

import java.util.Map;

/**
 * The sightings each Strata instance on one remote publishes, so that every one of them lists the
 * whole fleet: one snapshot per Strata instance, replaced at each publication (they are ephemeral,
 * so no history is kept), shared through the remote. The text is opaque here; the instances feature
 * owns its format.
 */
public interface InstanceSnapshots {

    /** Replaces {@code strataInstance}'s snapshot with {@code text} and offers it to the remote; a remote that cannot be reached gets it later. */
    void publish(String strataInstance, String text);

    /** The snapshots at hand (this instance's and those the last fetch brought), as Strata instance id → version. */
    Map<String, String> published();

    /**
     * The text of {@code strataInstance}'s snapshot at {@code version}.
     *
     * @throws StoreException when it is not a snapshot (written by hand, by another tool) or is over the size limit
     */
    String read(String strataInstance, String version);
}
