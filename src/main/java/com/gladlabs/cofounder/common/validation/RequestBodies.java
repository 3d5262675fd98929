package com.gladlabs.cofounder.common.validation;

import com.gladlabs.cofounder.common.problem.ProblemException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/** Checks a request body before anything is written: absent is a 400, a broken rule a 422 naming each field. */
@ApplicationScoped
public class RequestBodies {

    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
    }

    public <T> T requireValid(T body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "is required: a JSON object");
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }
}
