package com.gladlabs.cofounder.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;

/**
 * The packaged jar in the prod profile never starts an embedded database: without a URL it stops
 * at once, exit code 1, with one line naming the variable to set. Runs against what the build made (the jar, or the native executable).
 */
class ProductionWithoutDatabaseIT {

    @Test
    void missingUrlStopsStartupWithOneLineNamingTheVariable() throws IOException, InterruptedException {
        Path artifact = PackagedApp.artifactPath();
        assertThat(artifact).exists();
        String output = failedStart("-Dquarkus.http.port=0");
        List<String> named = output.lines().filter(line -> line.contains("QUARKUS_DATASOURCE_REACTIVE_URL")).toList();
        assertThat(named).as(output).hasSize(1);
        assertThat(named.get(0)).startsWith("No database configured");
        assertThat(output).doesNotContain("Embedded PostgreSQL").doesNotContain("\tat ");
        // The embedded server is not in what ships: no jar of it, no class of it in the executable.
        if (PackagedApp.isNative()) {
            assertThat(new String(Files.readAllBytes(artifact), StandardCharsets.ISO_8859_1)).doesNotContain("io.zonky.test.db");
        } else {
            assertThat(Files.list(artifact.getParent().resolve("lib").resolve("main")))
                    .noneMatch(p -> p.getFileName().toString().contains("zonky") || p.getFileName().toString().contains("embedded-redis"));
        }
    }

    @Test
    void cacheOnWithoutRedisStopsStartupWithOneLineNamingTheVariable() throws IOException, InterruptedException {
        String output = failedStart("-Dquarkus.http.port=0", "-Dcofounder.cache.enabled=true",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:1/none");
        List<String> named = output.lines().filter(line -> line.contains("QUARKUS_REDIS_HOSTS")).toList();
        assertThat(named).as(output).hasSize(1);
        assertThat(named.get(0)).contains("The task cache is on");
        assertThat(output).doesNotContain("Embedded Redis").doesNotContain("\tat ");
    }

    /** The packaged application started with these options and no QUARKUS_* variable: its output, once it exited 1. */
    private static String failedStart(String... options) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command(List.of(options))).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_"));
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        return output;
    }
}
