package com.gladlabs.cofounder.ops;

import com.gladlabs.cofounder.PackagedAppDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same answers from the packaged application: the jar, and the native executable in CI's native pass. */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppDatabase.class)
class HttpUpgradeIT extends HttpUpgradeTest {
}
