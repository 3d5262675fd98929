package com.gladlabs.cofounder.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Tracing is off by default; an OTLP endpoint turns it on; an explicit setting always decides. */
class TracingConfigFactoryTest {

    private static final String DISABLED = "quarkus.otel.sdk.disabled";

    @Test
    void offWithoutAnEndpoint() {
        assertThat(sdkDisabled(Map.of())).isTrue();
    }

    @Test
    void anOtlpEndpointTurnsItOn() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4317"))).isFalse();
    }

    @Test
    void anExplicitSettingWinsOverTheEndpoint() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317", DISABLED, "true")))
                .isTrue();
    }

    @Test
    void aBlankEndpointLeavesItOff() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", " "))).isTrue();
    }

    /** application.properties (250) says disabled; the operator's environment (300) adds the rest. */
    private static boolean sdkDisabled(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(DISABLED, "true"), "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new TracingConfigFactory())
                .build();
        return config.getValue(DISABLED, Boolean.class);
    }
}
