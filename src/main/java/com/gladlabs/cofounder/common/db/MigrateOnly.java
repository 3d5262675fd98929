package com.gladlabs.cofounder.common.db;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code cofounder.db.migrate-only}: by the time startup observers run, Flyway has applied the
 * migrations (quarkus.flyway.migrate-at-start) or startup has already failed with exit code 1, so
 * all that is left is to exit 0. Runs before the other startup observers; the content worker
 * stays off in this mode.
 */
@ApplicationScoped
public class MigrateOnly {

    private static final Logger LOG = Logger.getLogger(MigrateOnly.class);

    private final DatabaseConfig config;

    public MigrateOnly(DatabaseConfig config) {
        this.config = config;
    }

    void exitAfterMigrations(@Observes @Priority(1) StartupEvent event) {
        if (config.migrateOnly()) {
            LOG.info("Migrations applied; exiting (cofounder.db.migrate-only=true)");
            Quarkus.asyncExit(0);
        }
    }
}
