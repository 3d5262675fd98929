package com.gladlabs.cofounder.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call the API. The token itself is verified by SmallRye JWT with the standard MicroProfile
 * JWT settings: {@code mp.jwt.verify.issuer}, {@code mp.jwt.verify.audiences} and
 * {@code mp.jwt.verify.publickey.location} (a JWKS URL or a PEM file) or {@code mp.jwt.verify.publickey}.
 */
@ConfigMapping(prefix = "cofounder.auth")
public interface AuthConfig {

    /**
     * Whether the API requires a bearer token: on in the prod profile, off in dev and test (a warning
     * says so at startup). When on, the issuer, the audience and a verification key must be configured.
     */
    @WithDefault("true")
    boolean enabled();

    /** {@code /q/health/*} and {@code /api/health} answer without a token. */
    @WithDefault("true")
    boolean healthOpen();

    /** {@code /q/metrics} answers without a token (otherwise it needs {@code tasks:read}). */
    @WithDefault("true")
    boolean metricsOpen();

    /** {@code /q/openapi} and {@code /q/swagger-ui} answer without a token (otherwise they need {@code tasks:read}). */
    @WithDefault("true")
    boolean openapiOpen();

    /**
     * How many verified tokens are remembered (by their SHA-256) until they expire, so that a client
     * sending the same token again costs no signature check. 0 verifies every request.
     */
    @WithDefault("10000")
    int verifiedTokenCacheSize();
}
