package com.gladlabs.cofounder.common.problem;

import java.util.List;
import java.util.Map;

import com.gladlabs.cofounder.common.problem.Problem.FieldError;

/**
 * A failure that already knows its answer: services throw it, {@link ProblemMapper} renders it.
 * It carries no stack trace; it is an answer, not a bug.
 */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(400, "bad-request", "Bad request", field + ": " + message,
                List.of(new FieldError(field, message)), null);
    }

    public static ProblemException badRequest(List<FieldError> errors) {
        return new ProblemException(400, "bad-request", "Bad request", describe(errors), errors, null);
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(422, "validation-failed", "Validation failed", describe(errors), errors, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null, null);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(409, type, "Conflict", detail, null, null);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "precondition-failed", "Precondition failed", detail, null, null);
    }

    private static String describe(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
    }

    public Problem toProblem(String instance) {
        return new Problem(ProblemMapper.typeUri(type), title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
