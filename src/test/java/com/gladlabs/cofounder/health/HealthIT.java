package com.gladlabs.cofounder.health;

import com.gladlabs.cofounder.PackagedAppDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The probes and /api/health, against the packaged application (the jar; the native binary with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppDatabase.class)
class HealthIT extends HealthTest {
}
