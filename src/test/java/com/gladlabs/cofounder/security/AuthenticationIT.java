package com.gladlabs.cofounder.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.gladlabs.cofounder.PackagedAppDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same refusals against the packaged application in the prod profile, where authentication is
 * on by default ({@link PackagedAppDatabase} gives it the test issuer, audience and key).
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppDatabase.class)
class AuthenticationIT extends AuthenticationTest {

    /** The packaged application's own output (JSON lines in prod), written by the test launcher. */
    @Override
    protected String logsWritten() {
        try {
            return Files.readString(Path.of("target", "quarkus.log"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
