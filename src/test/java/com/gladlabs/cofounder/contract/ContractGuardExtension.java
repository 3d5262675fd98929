package com.gladlabs.cofounder.contract;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;

/**
 * Puts the {@link ContractGuard} in front of every test class of the suite, so no REST test can
 * leave it out: as a JUnit extension (auto-detected, as Quarkus' JUnit configuration turns on) for
 * the tests that run in the application class loader, the integration tests among them, and as a
 * Quarkus test callback for {@code @QuarkusTest} classes, which run in Quarkus' own class loader
 * with their own copy of RestAssured.
 */
public class ContractGuardExtension implements BeforeAllCallback, QuarkusTestBeforeClassCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        ContractGuard.install();
        ContractGuard.forgetDocuments();
    }

    @Override
    public void beforeClass(Class<?> testClass) {
        ContractGuard.install();
        ContractGuard.forgetDocuments();
    }
}
