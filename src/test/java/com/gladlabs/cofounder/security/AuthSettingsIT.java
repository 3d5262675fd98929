package com.gladlabs.cofounder.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;
import com.gladlabs.cofounder.PackagedAppDatabase;

/**
 * The packaged jar in the prod profile: authentication is on by default, so a replica given no
 * issuer, audience or key refuses to start (exit 1, naming what to set) instead of answering 401 to
 * everyone; turned off, it starts and says so in one warning line.
 */
class AuthSettingsIT {

    @Test
    void prodWithoutIssuerAudienceOrKeyRefusesToStartNamingThem() throws Exception {
        Map<String, String> settings = database();
        Run run = run(settings);
        assertThat(run.exited()).as(run.output()).isTrue();
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("Authentication is on (cofounder.auth.enabled) but not configured")
                .contains("MP_JWT_VERIFY_ISSUER").contains("MP_JWT_VERIFY_AUDIENCES")
                .contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    }

    @Test
    void turnedOffItStartsWithOneWarningLine() throws Exception {
        Map<String, String> settings = database();
        settings.put("cofounder.auth.enabled", "false");
        Run run = run(settings);
        assertThat(run.output().lines().filter(line -> line.contains("Authentication is OFF")).count())
                .as(run.output()).isEqualTo(1);
        assertThat(run.output().lines().filter(line -> line.contains("Authentication is OFF")).findFirst().orElseThrow())
                .contains("WARN");
    }

    private static Map<String, String> database() {
        Map<String, String> settings = new java.util.HashMap<>(new PackagedAppDatabase().start());
        settings.keySet().removeIf(key -> key.startsWith("mp.jwt.") || key.startsWith("cofounder.auth."));
        return settings;
    }

    record Run(boolean exited, int exit, String output) {
    }

    /** Runs the jar until it exits or has started (then stops it), and returns what it printed. */
    private static Run run(Map<String, String> settings) throws Exception {
        List<String> command = PackagedApp.command(0, settings);
        Path log = Files.createTempFile(Path.of("target"), "auth-settings-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MP_JWT") || name.startsWith("COFOUNDER_AUTH"));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (process.isAlive() && !Files.readString(log).contains("Listening on") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        boolean exited = !process.isAlive();
        if (!exited) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return new Run(exited, exited ? process.exitValue() : -1, Files.readString(log));
    }
}
