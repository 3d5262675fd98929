package com.gladlabs.cofounder.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.gladlabs.cofounder.Tokens;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The test profile with authentication on, as in prod: tokens from {@link Tokens} are accepted. */
public class AuthOnProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>(Tokens.settings());
        // Debug logging where tokens are handled, so that the log check sees every line that could leak one.
        for (String category : List.of("io.smallrye.jwt", "io.quarkus.smallrye.jwt", "io.quarkus.security",
                "io.quarkus.vertx.http.runtime.security", "com.gladlabs.cofounder")) {
            settings.put("quarkus.log.category.\"" + category + "\".level", "DEBUG");
        }
        return settings;
    }
}
