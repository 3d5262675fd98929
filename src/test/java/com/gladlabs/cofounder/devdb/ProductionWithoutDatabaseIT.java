package com.gladlabs.cofounder.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar in the prod profile never starts an embedded database: without a URL it stops
 * at once, exit code 1, with one line naming the variable to set. Runs against the real jar.
 */
class ProductionWithoutDatabaseIT {

    @Test
    void missingUrlStopsStartupWithOneLineNamingTheVariable() throws IOException, InterruptedException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Dquarkus.http.port=0", "-jar", jar.toString()))
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_"));
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        List<String> named = output.lines().filter(line -> line.contains("QUARKUS_DATASOURCE_REACTIVE_URL")).toList();
        assertThat(named).as(output).hasSize(1);
        assertThat(named.get(0)).startsWith("No database configured");
        assertThat(output).doesNotContain("Embedded PostgreSQL").doesNotContain("\tat ");
        assertThat(Files.list(jar.getParent().resolve("lib").resolve("main")))
                .noneMatch(p -> p.getFileName().toString().contains("zonky"));
    }
}
