package com.gladlabs.cofounder.contract;

import com.gladlabs.cofounder.PackagedAppDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The guard is installed for the integration tests too, and reads the packaged application's document. */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppDatabase.class)
class ContractGuardIT extends ContractGuardTest {
}
