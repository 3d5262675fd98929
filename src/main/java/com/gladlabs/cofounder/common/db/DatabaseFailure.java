package com.gladlabs.cofounder.common.db;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.common.problem.ProblemException;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Turns what the database or the pool said into the answer a caller can act on: a constraint the
 * request broke is the caller's (409 or 422); an unreachable database or an exhausted pool is
 * temporary (503 with Retry-After). Anything else is not recognised and stays a bug.
 */
public final class DatabaseFailure {

    /** Seconds a caller is told to wait before retrying when the database is unavailable. */
    public static final String RETRY_AFTER_SECONDS = "2";

    private DatabaseFailure() {
    }

    public static Optional<ProblemException> translate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                return Optional.ofNullable(fromSqlState(pg.getSqlState(), pg.getConstraint(), pg.getColumn()));
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException violation) {
                return Optional.of(constraint(violation.getConstraintName(), null));
            }
            if (isUnavailable(cause)) {
                return Optional.of(unavailable());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** True when the failure is the database refusing a row for the named constraint or index. */
    public static boolean violates(Throwable failure, String constraint) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof PgException pg && constraint.equals(pg.getConstraint())) {
                return true;
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException violation
                    && constraint.equals(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }

    public static ProblemException unavailable() {
        return new ProblemException(503, "database-unavailable", "Service unavailable",
                "The database is unavailable or busy; retry shortly", null, Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /** True when the database could not be reached or no connection was free in time. */
    public static boolean isUnavailable(Throwable cause) {
        return cause instanceof ConnectException
                || cause instanceof ConnectTimeoutException
                || cause instanceof ClosedConnectionException
                || cause instanceof NoStackTraceTimeoutException
                || cause instanceof TimeoutException
                || cause instanceof ConnectionPoolTooBusyException
                // The server went away under a statement: reset, broken pipe, a channel already closed.
                || cause instanceof java.net.SocketException
                || cause instanceof java.nio.channels.ClosedChannelException
                || (cause instanceof java.io.IOException && cause.getMessage() != null
                        && (cause.getMessage().contains("Connection reset") || cause.getMessage().contains("Broken pipe")))
                // The pool reports an acquire timeout and a closed pool with a bare message.
                || (cause instanceof NoStackTraceThrowable && cause.getMessage() != null
                        && (cause.getMessage().equals("Timeout") || cause.getMessage().contains("Pool closed")))
                // The pool's own acquire timeout, when a statement is given to the pool itself (not a session).
                || (cause instanceof io.vertx.core.VertxException && cause.getMessage() != null
                        && (cause.getMessage().contains("Connection refused")
                                || cause.getMessage().equals("Timeout waiting for connection")));
    }

    private static ProblemException fromSqlState(String state, String constraint, String column) {
        if (state == null) {
            return null;
        }
        if (state.equals("23505")) {
            return constraint(constraint, null);
        }
        if (state.startsWith("23")) { // not null, check
            return constraint(constraint, column);
        }
        if (state.equals("22003") || state.equals("22P05") || state.equals("22021") || state.equals("54000")
                || state.equals("22001")) {
            return ProblemException.invalid(List.of(new FieldError("body",
                    "holds a value the database cannot store (out of range, too large or not valid text)")));
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
            return unavailable();
        }
        return null;
    }

    private static ProblemException constraint(String name, String column) {
        if (name != null && name.startsWith("ux_tasks_")) {
            String field = name.substring("ux_tasks_".length());
            return new ProblemException(409, "already-exists", "Conflict",
                    field + " is already used by another task", List.of(new FieldError(field, "is already in use")),
                    null);
        }
        String field = column != null ? column
                : name != null && name.startsWith("tasks_") ? name.substring("tasks_".length()) : "body";
        return ProblemException.invalid(List.of(new FieldError(field, "breaks the rule " + (name == null ? "of the table" : name))));
    }
}
