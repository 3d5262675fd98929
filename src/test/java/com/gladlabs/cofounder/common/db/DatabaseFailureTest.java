package com.gladlabs.cofounder.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database that goes away in the middle of a statement surfaces as a socket error, wrapped in
 * whatever the reactive stack adds around it: each is a 503 with Retry-After, never a 500
 * (DatabaseFaultTest met "Connection reset" as a 500 before this).
 */
class DatabaseFailureTest {

    @ParameterizedTest
    @ValueSource(strings = { "reset", "closed-channel", "native-reset", "broken-pipe" })
    void aServerLostUnderAStatementIsUnavailable(String kind) {
        Throwable lost = switch (kind) {
            case "reset" -> new SocketException("Connection reset");
            case "closed-channel" -> new ClosedChannelException();
            case "native-reset" -> new IOException("recvAddress(..) failed: Connection reset by peer");
            default -> new IOException("writevAddresses(..) failed: Broken pipe");
        };
        var problem = DatabaseFailure.translate(new CompletionException(new RuntimeException(lost)));
        assertThat(problem).isPresent();
        assertThat(problem.get().status()).isEqualTo(503);
        assertThat(problem.get().headers()).containsEntry("Retry-After", DatabaseFailure.RETRY_AFTER_SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = { "disk full", "No such file" })
    void otherIoFailuresAreNotMistakenForTheDatabase(String message) {
        assertThat(DatabaseFailure.translate(new IOException(message))).isEmpty();
    }
}
