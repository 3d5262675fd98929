package com.gladlabs.cofounder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Bearer tokens for tests, minted with SmallRye JWT Build and signed with the test-only key pair in
 * {@code src/test/resources/auth} (never used anywhere else). The service under test is configured
 * with {@link #settings()}.
 */
public final class Tokens {

    public static final String ISSUER = "https://auth.test.cofounder/";
    public static final String AUDIENCE = "cofounder-agent";
    public static final String PUBLIC_KEY = "auth/test-only-public-key.pem";
    public static final String PRIVATE_KEY = "auth/test-only-private-key.pem";
    public static final Set<String> ALL_ROLES = Set.of("tasks:read", "tasks:write", "content:approve");

    private Tokens() {
    }

    /** The service settings that make it accept these tokens (and require one). */
    public static Map<String, String> settings() {
        return Map.of("cofounder.auth.enabled", "true",
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE,
                "mp.jwt.verify.publickey.location", publicKeyFile());
    }

    /** A token valid for five minutes with the given roles. */
    public static String withRoles(String... roles) {
        return claims(Set.of(roles)).sign(privateKey());
    }

    public static String allRoles() {
        return claims(ALL_ROLES).sign(privateKey());
    }

    /** Claims for a valid token, to be changed by a test before signing. */
    public static JwtClaimsBuilder claims(Set<String> roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("test-user").groups(roles)
                .issuedAt(Instant.now()).expiresIn(Duration.ofMinutes(5));
    }

    /** Signed by a key the service does not know. */
    public static String signedByStranger(Set<String> roles) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims(roles).sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static volatile String everyRequest;
    private static boolean filterInstalled;

    /**
     * From now on, every request RestAssured sends, and every one built by {@link #authorized(URI)},
     * carries a token with every role: the integration tests run the REST tests against the packaged
     * application, where authentication is on as in production.
     */
    public static synchronized void sendWithEveryRequest() {
        everyRequest = "Bearer " + claims(ALL_ROLES).expiresIn(Duration.ofHours(2)).sign(privateKey());
        if (!filterInstalled) {
            // A filter rather than a request specification: a specification would also fix the port
            // RestAssured had when it was built, before the test extension sets the application's.
            RestAssured.filters((request, response, context) -> {
                if (everyRequest != null && !request.getHeaders().hasHeaderWithName("Authorization")) {
                    request.header("Authorization", everyRequest);
                }
                return context.next(request, response);
            });
            filterInstalled = true;
        }
    }

    /** A request builder with the token of {@link #sendWithEveryRequest()} when one is in use. */
    public static HttpRequest.Builder authorized(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        return everyRequest == null ? request : request.header("Authorization", everyRequest);
    }

    /** The WebSocket builder with the token of {@link #sendWithEveryRequest()} when one is in use. */
    public static WebSocket.Builder authorized(WebSocket.Builder builder) {
        return everyRequest == null ? builder : builder.header("Authorization", everyRequest);
    }

    public static PrivateKey privateKey() {
        try {
            byte[] der = Base64.getMimeDecoder().decode(resource(PRIVATE_KEY)
                    .replaceAll("-----[A-Z ]+-----", "").trim());
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM body of the private key, for tests that check it never reaches a log line. */
    public static String privateKeyText() {
        return resource(PRIVATE_KEY);
    }

    /** The public key as a file a separately started service can read. */
    private static String publicKeyFile() {
        try {
            Path file = Path.of("target", "test-auth", "public-key.pem").toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource(PUBLIC_KEY));
            return file.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
