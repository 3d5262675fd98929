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
 * Decides where Redis is when the task cache is on ({@code cofounder.cache.enabled}). Dev mode and the
 * tests without {@code quarkus.redis.hosts} get an embedded real Redis, as they get an embedded
 * PostgreSQL; any other profile with the cache on and no Redis stops at startup with one line naming the
 * variable to set. With the cache off nothing is started and nothing connects.
 */
public final class EmbeddedRedisConfigFactory implements ConfigSourceFactory {

    static final String ENABLED = "cofounder.embedded-redis.enabled";
    static final String WORK_DIR = "cofounder.embedded-redis.work-dir";
    private static final String CACHE = "cofounder.cache.enabled";
    private static final String HOSTS = "quarkus.redis.hosts";
    /** Below application.properties (250): anything written there or in the environment wins. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!Boolean.parseBoolean(value(context, CACHE, "false")) || isSet(context.getValue(HOSTS))) {
            return List.of();
        }
        List<String> profiles = context.getProfiles();
        String profile = profiles.contains("test") ? "test" : profiles.contains("dev") ? "dev" : null;
        if (profile == null) {
            if (ExecutionMode.current() == ExecutionMode.RUNTIME_INIT) {
                throw new ConfigurationException("The task cache is on (COFOUNDER_CACHE_ENABLED=true) but no Redis is "
                        + "configured: set QUARKUS_REDIS_HOSTS (for example redis://redis.example:6379)");
            }
            return List.of();
        }
        if (!Boolean.parseBoolean(value(context, ENABLED, "true"))) {
            return List.of();
        }
        Map<String, String> settings = launcher().apply(new Settings(profile, value(context, WORK_DIR, "target/embedded-redis")));
        return List.of(new PropertiesConfigSource(settings, "embedded-redis", ORDINAL));
    }

    /** What the embedded server is asked for: one per profile and JVM, its binary unpacked in workDir. */
    public record Settings(String profile, String workDir) {
    }

    /** Looked up by name: the embedded server's classes are on the dev and test class path only. */
    @SuppressWarnings("unchecked")
    private static Function<Settings, Map<String, String>> launcher() {
        String name = EmbeddedRedisConfigFactory.class.getPackageName() + ".EmbeddedRedisLauncher";
        try {
            return (Function<Settings, Map<String, String>>) Class.forName(name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigurationException("The embedded Redis is not on the class path (it serves dev mode and "
                    + "tests only): set QUARKUS_REDIS_HOSTS");
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return isSet(value) ? value.getValue() : fallback;
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
