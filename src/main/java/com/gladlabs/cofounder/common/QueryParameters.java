package com.gladlabs.cofounder.common;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.common.problem.ProblemException;

/**
 * Reads query parameters strictly and collects every problem before answering, so that one 400
 * names them all: unknown, repeated, empty, too long, out of range or not one of the allowed values.
 */
public final class QueryParameters {

    private static final int MAX_TEXT = 200;

    private final Map<String, List<String>> parameters;
    private final List<FieldError> errors = new ArrayList<>();

    public QueryParameters(Map<String, List<String>> parameters, Set<String> known) {
        this.parameters = parameters;
        parameters.keySet().stream().filter(name -> !known.contains(name)).sorted()
                .forEach(name -> reject(name, "is not a known parameter"));
    }

    public void reject(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    public void done() {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors);
        }
    }

    public String text(String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            reject(name, "must be given once");
            return null;
        }
        String value = values.get(0);
        if (value.isEmpty()) {
            reject(name, "must not be empty");
            return null;
        }
        if (value.length() > MAX_TEXT) {
            reject(name, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        if (value.indexOf('\0') >= 0) {
            reject(name, "must not contain NUL characters");
            return null;
        }
        return value;
    }

    /** true or false, exactly; absent gives the fallback. */
    public boolean bool(String name, boolean fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        reject(name, "must be true or false");
        return fallback;
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        reject(name, max == Integer.MAX_VALUE ? "must be a whole number of at least " + min
                : "must be a whole number from " + min + " to " + max);
        return fallback;
    }

    public <E extends Enum<E> & LabeledEnum> E label(String name, Class<E> type) {
        String value = text(name);
        E label = LabeledEnum.of(type, value);
        if (value != null && label == null) {
            reject(name, "must be one of: " + String.join(", ", LabeledEnum.labels(type)));
        }
        return label;
    }

    public <E extends Enum<E> & LabeledEnum> List<E> labels(String name, Class<E> type) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        Set<E> labels = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            E label = LabeledEnum.of(type, part.trim());
            if (label == null) {
                reject(name, "must be one or a comma list of: " + String.join(", ", LabeledEnum.labels(type)));
                return null;
            }
            labels.add(label);
        }
        return List.copyOf(labels);
    }
}
