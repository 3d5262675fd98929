package com.gladlabs.cofounder.common.problem;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What was wrong with a JSON body, in the caller's words: which field, and what it should have
 * been. Jackson's own messages name Java classes and are never passed on, except the parser's
 * description of malformed syntax.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static ProblemException of(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ProblemException.badRequest(path(unknown), "is not a known field");
        }
        if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof InputCoercionException) {
            return ProblemException.badRequest(path(mapping), "is a number out of range for this field");
        }
        if (e instanceof InputCoercionException coercion) {
            return ProblemException.badRequest(currentField(coercion.getProcessor()),
                    "is a number out of range for this field");
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            if (field.equals("body")) {
                return ProblemException.badRequest(field, "must be a JSON object");
            }
            return ProblemException.badRequest(field, mismatch.getTargetType() == null ? "has the wrong JSON type"
                    : "must be " + describe(mismatch.getTargetType(), mismatch instanceof InvalidFormatException));
        }
        if (e instanceof JsonMappingException mapping) {
            return ProblemException.badRequest(path(mapping), "cannot be read as the expected JSON");
        }
        return ProblemException.badRequest("body", "is not valid JSON: " + clean(e));
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String currentField(Object processor) {
        if (processor instanceof JsonParser parser && parser.getParsingContext() != null
                && parser.getParsingContext().getCurrentName() != null) {
            return parser.getParsingContext().getCurrentName();
        }
        return "body";
    }

    private static String describe(Class<?> type, boolean badFormat) {
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Short.class || type == short.class
                || type == Long.class || type == long.class) {
            return "a whole number in range";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        return badFormat ? "a valid value" : "of another JSON type";
    }

    /** The parser's description of the syntax error, without the source excerpt and location. */
    private static String clean(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        message = newline >= 0 ? message.substring(0, newline) : message;
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
