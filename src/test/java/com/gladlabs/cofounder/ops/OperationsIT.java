package com.gladlabs.cofounder.ops;

import com.gladlabs.cofounder.PackagedAppDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Metrics, OpenAPI and request ids, against the packaged application (the jar; the native binary with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppDatabase.class)
class OperationsIT extends OperationsTest {
}
