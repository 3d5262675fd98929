package com.gladlabs.cofounder.health;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Ready while the database answers a round trip within the health timeout. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    private final DatabaseProbe probe;

    public DatabaseReadinessCheck(DatabaseProbe probe) {
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.roundTripMillis()
                .map(ms -> HealthCheckResponse.named("database").up().withData("latency_ms", ms).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("database").down()
                        .withData("error", "database unreachable or too slow").build());
    }
}
