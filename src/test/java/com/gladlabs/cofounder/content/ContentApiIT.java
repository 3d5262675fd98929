package com.gladlabs.cofounder.content;

import com.gladlabs.cofounder.PackagedAppDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The content API, against the packaged application (the jar; the native binary with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppDatabase.class)
class ContentApiIT extends ContentApiTest {
}
