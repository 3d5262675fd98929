package com.gladlabs.cofounder.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Remembers the identity of each bearer token SmallRye JWT has verified, under the token's SHA-256
 * (never the token itself), until the token's own {@code exp}: a client that sends the same token
 * with every request pays one RS256 check per token, not one per request. Asked before SmallRye's
 * verifier (a higher priority); a token it has not seen, or whose lifetime has passed, goes to the
 * verifier, and only an identity the verifier accepted is remembered. Bounded: when full, expired
 * entries are dropped and, if none has expired, the new token is verified without being remembered.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private final IdentityProvider<TokenAuthenticationRequest> verifier;
    private final int capacity;
    private final LongSupplier epochSeconds;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(SecurityIdentity identity, long expiresAt) {
    }

    @Inject
    public VerifiedTokens(MpJwtValidator verifier, AuthConfig config) {
        this(verifier, config.verifiedTokenCacheSize(), () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokens(IdentityProvider<TokenAuthenticationRequest> verifier, int capacity, LongSupplier epochSeconds) {
        this.verifier = verifier;
        this.capacity = capacity;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return verifier.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (capacity <= 0 || !(request.getToken() instanceof JsonWebTokenCredential)) {
            return Uni.createFrom().nullItem(); // the verifier's turn
        }
        String key = sha256(request.getToken().getToken());
        Verified hit = verified.get(key);
        if (hit != null) {
            if (epochSeconds.getAsLong() < hit.expiresAt()) {
                return Uni.createFrom().item(hit.identity());
            }
            verified.remove(key, hit);
        }
        return verifier.authenticate(request, context).invoke(identity -> remember(key, identity));
    }

    /** How many tokens are remembered now. */
    int size() {
        return verified.size();
    }

    private void remember(String key, SecurityIdentity identity) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return;
        }
        long now = epochSeconds.getAsLong();
        long expiresAt = token.getExpirationTime();
        if (expiresAt <= now) {
            return;
        }
        if (verified.size() >= capacity) {
            verified.values().removeIf(entry -> entry.expiresAt() <= now);
            if (verified.size() >= capacity) {
                return;
            }
        }
        verified.put(key, new Verified(identity, expiresAt));
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
