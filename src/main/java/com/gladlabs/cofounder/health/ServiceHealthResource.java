package com.gladlabs.cofounder.health;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/health}, in the shape the callers of the system this replaces expect. */
@Path("/api/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health", description = "Service health for callers (Kubernetes probes use /q/health)")
public class ServiceHealthResource {

    @RegisterForReflection
    public record ServiceHealth(@Schema(enumeration = { "healthy", "unhealthy" }) String status, String service,
            String version, Instant timestamp,
            Map<String, Map<String, Object>> components) {
    }

    private final DatabaseProbe probe;
    private final String service;
    private final String version;

    public ServiceHealthResource(DatabaseProbe probe,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.probe = probe;
        this.service = service;
        this.version = version;
    }

    @GET
    @Operation(operationId = "serviceHealth", summary = "Whether the service and its database answer")
    @APIResponse(responseCode = "200", description = "Healthy", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ServiceHealth.class)))
    @APIResponse(responseCode = "503", description = "The database does not answer", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceHealth.class)))
    public Uni<RestResponse<ServiceHealth>> health() {
        return probe.roundTripMillis()
                .map(ms -> RestResponse.ok(report("healthy", database("up", ms))))
                .onFailure().recoverWithItem(e -> RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE,
                        report("unhealthy", database("down", null))));
    }

    private ServiceHealth report(String status, Map<String, Object> database) {
        return new ServiceHealth(status, service, version, Instant.now(), Map.of("database", database));
    }

    private static Map<String, Object> database(String status, Long latencyMs) {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("status", status);
        component.put("latency_ms", latencyMs);
        return component;
    }
}
