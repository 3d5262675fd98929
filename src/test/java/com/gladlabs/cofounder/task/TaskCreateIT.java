package com.gladlabs.cofounder.task;

import com.gladlabs.cofounder.PackagedAppDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Creating tasks, against the packaged application (the jar; the native binary with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppDatabase.class)
class TaskCreateIT extends TaskCreateTest {
}
