package com.gladlabs.cofounder.health;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.gladlabs.cofounder.common.db.SchemaVersion;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready while the database answers a round trip within the health timeout and its schema is the one
 * this build needs ({@link SchemaVersion}).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    private final DatabaseProbe probe;
    private final SchemaVersion schema;

    public DatabaseReadinessCheck(DatabaseProbe probe, SchemaVersion schema) {
        this.probe = probe;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.roundTripMillis()
                .flatMap(ms -> schema.check().map(state -> state.current()
                        ? HealthCheckResponse.named("database").up().withData("latency_ms", ms)
                                .withData("schema_version", state.version()).build()
                        : HealthCheckResponse.named("database").down().withData("latency_ms", ms)
                                .withData("error", state.problem()).build()))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("database").down()
                        .withData("error", "database unreachable or too slow").build());
    }
}
