package com.gladlabs.cofounder.security;

import static com.gladlabs.cofounder.security.HttpCalls.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gladlabs.cofounder.Tokens;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Health, metrics and OpenAPI can each be closed: then they need a token with tasks:read like the API. */
@QuarkusTest
@TestProfile(ClosedOperationsEndpointsTest.Closed.class)
class ClosedOperationsEndpointsTest {

    public static class Closed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new HashMap<>(Tokens.settings());
            settings.put("cofounder.auth.health-open", "false");
            settings.put("cofounder.auth.metrics-open", "false");
            settings.put("cofounder.auth.openapi-open", "false");
            return settings;
        }
    }

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/ready", "/q/health/live", "/api/health", "/q/metrics", "/q/openapi" })
    void closedEndpointsNeedTheReadRole(String path) {
        HttpCalls http = new HttpCalls(base.toString());
        var anonymous = http.send("GET", path, null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(http.send("GET", path, null, bearer(Tokens.withRoles("tasks:write"))).status()).isEqualTo(403);
        assertThat(http.send("GET", path, null, bearer(Tokens.withRoles("tasks:read"))).status()).isEqualTo(200);
    }
}
