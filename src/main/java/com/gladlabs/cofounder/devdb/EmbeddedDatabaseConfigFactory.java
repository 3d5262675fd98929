package com.gladlabs.cofounder.devdb;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Decides where the database is before anything connects to it. Dev mode and the tests without a
 * configured URL get an embedded real PostgreSQL, so that a fresh clone needs nothing but a JDK.
 * Any other profile without a URL stops at startup with one line naming the variable to set.
 *
 * <p>It is a config source (not a bean) because the pools read their URL before any bean exists.
 * Outside dev and test it never touches the embedded server's classes, which are only on the dev
 * and test class path (Maven scope {@code provided}), never in the jar or the native image.
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
        if (isSet(context.getValue(URL))) {
            return List.of();
        }
        if (profile == null) {
            // Only the running application needs the URL; the build reads this configuration too.
            if (ExecutionMode.current() == ExecutionMode.RUNTIME_INIT) {
                throw new ConfigurationException("No database configured: set QUARKUS_DATASOURCE_REACTIVE_URL "
                        + "(for example postgresql://db.example:5432/cofounder) and QUARKUS_DATASOURCE_USERNAME / "
                        + "QUARKUS_DATASOURCE_PASSWORD");
            }
            return List.of();
        }
        if (!Boolean.parseBoolean(value(context, ENABLED, "true"))) {
            return List.of();
        }
        Settings settings = new Settings(profile, value(context, WORK_DIR, "target/embedded-postgres"),
                value(context, DATA_DIR, null), port(context));
        return List.of(new PropertiesConfigSource(launcher().apply(settings), "embedded-postgresql", ORDINAL));
    }

    /** What the embedded server is asked for: one per profile, kept in dataDir or in a scratch folder. */
    public record Settings(String profile, String workDir, String dataDir, OptionalInt port) {
    }

    /**
     * The launcher is looked up by name, never linked: the native image (built with
     * --link-at-build-time) must not reach the embedded server's classes, which it does not have.
     */
    @SuppressWarnings("unchecked")
    private static Function<Settings, Map<String, String>> launcher() {
        String name = EmbeddedDatabaseConfigFactory.class.getPackageName() + ".EmbeddedPostgresLauncher";
        try {
            return (Function<Settings, Map<String, String>>) Class.forName(name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigurationException("The embedded PostgreSQL is not on the class path (it serves dev mode "
                    + "and tests only): set QUARKUS_DATASOURCE_REACTIVE_URL");
        }
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
