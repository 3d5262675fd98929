package com.gladlabs.cofounder.common.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Keeps credentials out of every log line, whatever the level: JWTs (libraries quote a refused token
 * in their debug messages and exceptions), {@code Bearer} values and PEM private keys are replaced
 * by {@code [redacted]}, in the message and in the messages of an attached exception and its causes.
 * Installed on the console handler ({@code quarkus.log.console.filter}).
 */
@LoggingFilter(name = "redact-credentials")
public final class CredentialRedaction implements Filter {

    private static final Pattern SECRETS = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}(\\.[A-Za-z0-9_-]*)?"
                    + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}"
                    + "|-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)");

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message != null && SECRETS.matcher(message).find()) {
            String clean = redact(message);
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(clean, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(clean);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null && carriesSecret(record.getThrown())) {
            record.setThrown(Redacted.of(record.getThrown()));
        }
        return true;
    }

    static String redact(String text) {
        return text == null ? null : SECRETS.matcher(text).replaceAll("[redacted]");
    }

    private static boolean carriesSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && SECRETS.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /** A stand-in for an exception whose message carried a credential: same class name, frames and causes. */
    static final class Redacted extends RuntimeException {

        private final String originalClass;

        private Redacted(Throwable original, Throwable cause) {
            super(redact(original.getMessage()), cause, false, true);
            this.originalClass = original.getClass().getName();
            setStackTrace(original.getStackTrace());
        }

        static Throwable of(Throwable original) {
            Throwable cause = original.getCause() == null || original.getCause() == original ? null : of(original.getCause());
            return new Redacted(original, cause);
        }

        @Override
        public String toString() {
            return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
        }
    }
}
