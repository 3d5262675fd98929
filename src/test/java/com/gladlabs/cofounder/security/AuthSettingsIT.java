package com.gladlabs.cofounder.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;
import com.gladlabs.cofounder.PackagedApp.Run;
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

    private static Run run(Map<String, String> settings) throws Exception {
        return PackagedApp.runUntilListeningOrExit("auth-settings-it", settings,
                name -> name.startsWith("MP_JWT") || name.startsWith("COFOUNDER_AUTH"));
    }
}
