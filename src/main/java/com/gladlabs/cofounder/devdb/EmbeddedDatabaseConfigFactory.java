package com.gladlabs.cofounder.devdb;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Points the datasources at an embedded real PostgreSQL when dev mode or the tests run without a
 * configured URL, so that a fresh clone needs nothing but a JDK.
 *
 * <p>It is a config source (not a bean) because the pools read their URL before any bean exists.
 * In every other profile, or once a URL is given, it does nothing and never touches the embedded
 * server's classes, which are only on the dev and test class path (Maven scope {@code provided}).
 */
public final class EmbeddedDatabaseConfigFactory implements ConfigSourceFactory {

    static final String ENABLED = "cofounder.embedded-db.enabled";
    static final String DATA_DIR = "cofounder.embedded-db.data-dir";
    static final String WORK_DIR = "cofounder.embedded-db.work-dir";
    static final String PORT = "cofounder.embedded-db.port";
    private static final String URL = "quarkus.datasource.reactive.url";
    /** Below application.properties (250): anything written there or in the environment wins. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        String profile = profiles.contains("test") ? "test" : profiles.contains("dev") ? "dev" : null;
        if (profile == null || !Boolean.parseBoolean(value(context, ENABLED, "true")) || isSet(context.getValue(URL))) {
            return List.of();
        }
        EmbeddedPostgresLauncher.Settings settings = new EmbeddedPostgresLauncher.Settings(
                profile,
                value(context, WORK_DIR, "target/embedded-postgres"),
                value(context, DATA_DIR, null),
                port(context));
        Map<String, String> properties = EmbeddedPostgresLauncher.startOnce(settings);
        return List.of(new PropertiesConfigSource(properties, "embedded-postgresql", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static OptionalInt port(ConfigSourceContext context) {
        String port = value(context, PORT, null);
        return port == null || port.isBlank() || "0".equals(port.trim())
                ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(port.trim()));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return isSet(value) ? value.getValue() : fallback;
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
