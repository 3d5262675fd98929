package com.gladlabs.cofounder.common.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.db.DatabaseConfig;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Says at startup how callers are checked: a one-line warning when authentication is off, and a
 * refusal to start when it is on without an issuer, an audience or a verification key (a replica
 * that answered 401 to everyone would look healthy to its probes and serve no one).
 */
@ApplicationScoped
public class AuthSettings {

    private static final Logger LOG = Logger.getLogger(AuthSettings.class);

    private final AuthConfig auth;
    private final DatabaseConfig database;
    private final Config config;

    public AuthSettings(AuthConfig auth, DatabaseConfig database, Config config) {
        this.auth = auth;
        this.database = database;
        this.config = config;
    }

    void check(@Observes @Priority(2) StartupEvent event) {
        if (database.migrateOnly()) {
            return; // the migration Job serves no requests
        }
        if (!auth.enabled()) {
            LOG.warn("Authentication is OFF (cofounder.auth.enabled=false): anyone who reaches this service may read "
                    + "and change every task; set COFOUNDER_AUTH_ENABLED=true with the MP_JWT_VERIFY_* settings");
            return;
        }
        List<String> missing = new ArrayList<>();
        if (value("mp.jwt.verify.issuer").isEmpty()) {
            missing.add("MP_JWT_VERIFY_ISSUER");
        }
        if (value("mp.jwt.verify.audiences").isEmpty()) {
            missing.add("MP_JWT_VERIFY_AUDIENCES");
        }
        if (value("mp.jwt.verify.publickey.location").isEmpty() && value("mp.jwt.verify.publickey").isEmpty()
                && value("smallrye.jwt.verify.key.location").isEmpty()) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION (a JWKS URL or PEM file) or MP_JWT_VERIFY_PUBLICKEY");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("Authentication is on (cofounder.auth.enabled) but not configured: set "
                    + String.join(", ", missing) + "; or COFOUNDER_AUTH_ENABLED=false to run without it");
        }
        LOG.infof("Authentication is on: bearer tokens from issuer %s for audience %s",
                value("mp.jwt.verify.issuer").get(), value("mp.jwt.verify.audiences").get());
    }

    private Optional<String> value(String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank());
    }
}
