package com.gladlabs.cofounder.common.tracing;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Tracing is off by default ({@code quarkus.otel.sdk.disabled=true} in application.properties)
 * and an OTLP endpoint turns it on: when {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} (or the
 * traces-only endpoint) is given, this source says {@code quarkus.otel.sdk.disabled=false}, above
 * application.properties and below the environment, so an explicit QUARKUS_OTEL_SDK_DISABLED
 * still decides.
 */
public final class TracingConfigFactory implements ConfigSourceFactory {

    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");
    /** Above application.properties (250), below environment variables (300). */
    private static final int ORDINAL = 275;
    /** Values written by an operator: application.properties and above (defaults sit far lower). */
    private static final int CONFIGURED = 250;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpointGiven = ENDPOINTS.stream().map(context::getValue).anyMatch(TracingConfigFactory::configured);
        return endpointGiven
                ? List.of(new PropertiesConfigSource(Map.of("quarkus.otel.sdk.disabled", "false"), "otlp-endpoint-given",
                        ORDINAL))
                : List.of();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getSourceOrdinal() >= CONFIGURED;
    }
}
