package com.gladlabs.cofounder.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.mutiny.Uni;

/**
 * The verified-token cache: a token is verified once and served from memory until its exp, never
 * after; a refused token is never remembered; the cache stays within its size.
 */
class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger verifications = new AtomicInteger();

    /** Stands in for SmallRye's verifier: "valid-<exp>" tokens pass with that exp, others fail. */
    private final IdentityProvider<TokenAuthenticationRequest> verifier = new IdentityProvider<>() {
        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            verifications.incrementAndGet();
            String token = request.getToken().getToken();
            if (!token.startsWith("valid-")) {
                return Uni.createFrom().failure(new AuthenticationFailedException("bad signature"));
            }
            long exp = Long.parseLong(token.substring("valid-".length()).split("-")[0]);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(principal(token, exp))
                    .addRole("tasks:read").build());
        }
    };

    private SecurityIdentity authenticate(VerifiedTokens tokens, String token) {
        return tokens.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), null)
                .await().indefinitely();
    }

    @Test
    void aTokenIsVerifiedOnceAndServedFromMemoryUntilItsExpThenVerifiedAgain() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 100, now::get);
        String token = "valid-" + (now.get() + 60);
        SecurityIdentity first = authenticate(tokens, token);
        SecurityIdentity second = authenticate(tokens, token);
        assertThat(second).isSameAs(first);
        assertThat(second.hasRole("tasks:read")).isTrue();
        assertThat(verifications).hasValue(1);

        now.addAndGet(59);
        authenticate(tokens, token);
        assertThat(verifications).as("one second before exp").hasValue(1);
        now.addAndGet(1);
        authenticate(tokens, token);
        assertThat(verifications).as("at exp the verifier decides again").hasValue(2);
        assertThat(tokens.size()).as("an expired token is not remembered again").isZero();
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 100, now::get);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> authenticate(tokens, "forged")).isInstanceOf(AuthenticationFailedException.class);
        }
        assertThat(verifications).hasValue(3);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsSizeDroppingExpiredTokensFirst() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 2, now::get);
        authenticate(tokens, "valid-" + (now.get() + 10) + "-a");
        authenticate(tokens, "valid-" + (now.get() + 100) + "-b");
        authenticate(tokens, "valid-" + (now.get() + 100) + "-c");
        assertThat(tokens.size()).as("full: the third is verified, not remembered").isEqualTo(2);
        now.addAndGet(10); // a expires
        authenticate(tokens, "valid-" + (now.get() + 100) + "-d");
        assertThat(tokens.size()).isEqualTo(2);
        int before = verifications.get();
        authenticate(tokens, "valid-" + (now.get() + 90) + "-b");
        assertThat(verifications.get()).as("b is still remembered").isEqualTo(before);
    }

    @Test
    void sizeZeroLeavesEveryTokenToTheVerifier() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, 0, now::get);
        SecurityIdentity none = tokens.authenticate(new TokenAuthenticationRequest(
                new JsonWebTokenCredential("valid-" + (now.get() + 60))), null).await().indefinitely();
        assertThat(none).isNull();
        assertThat(verifications).hasValue(0);
    }

    private static JsonWebToken principal(String token, long exp) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "test-user";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp", "raw_token");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return switch (name) {
                    case "exp" -> (T) Long.valueOf(exp);
                    case "raw_token" -> (T) token;
                    default -> null;
                };
            }
        };
    }
}
