package dev.strata.remote;

import dev.strata.config.Replication;
import dev.strata.config.ReplicationStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code remote} component of {@code /actuator/health}: UP while fetches and pushes work,
 * DOWN when the remote cannot be reached or its history is refused. Serving goes on from the local
 * repository either way, so liveness and readiness leave it out; the details (for admins) say why.
 */
class RemoteHealth implements HealthIndicator {

    private final Replication replication;

    RemoteHealth(Replication replication) {
        this.replication = replication;
    }

    @Override
    public Health health() {
        ReplicationStatus status = replication.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("remote", status.remote());
        details.put("branch", status.branch());
        if (status.lastFetch() != null) {
            details.put("lastFetch", status.lastFetch().toString());
        }
        if (status.lastPush() != null) {
            details.put("lastPush", status.lastPush().toString());
        }
        if (status.failure() != null) {
            details.put("failure", status.failure());
        }
        if (status.divergence() != null) {
            details.put("divergence", status.divergence());
        }
        return (status.healthy() ? Health.up() : Health.down())
                .withDetails(details)
                .build();
    }
}
