package com.gladlabs.cofounder.common.validation;

import java.lang.annotation.ElementType;

import com.gladlabs.cofounder.common.problem.ProblemException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

/** Checks a request body before anything is written: absent is a 400, a broken rule a 422 naming each field. */
@ApplicationScoped
public class RequestBodies {

    private final Validator validator;

    /**
     * A validator whose every property is reachable. The factory's default asks JPA, for each
     * constrained property, whether it is loaded (Hibernate ORM is in the build), which only an entity
     * with lazy attributes can answer with no; a request body is a plain record that Jackson filled,
     * and that question was more than half of a create's validation CPU (bench/README). Entities keep
     * the factory's default.
     */
    public RequestBodies(ValidatorFactory validators) {
        this.validator = validators.usingContext().traversableResolver(EveryPropertyReachable.INSTANCE).getValidator();
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

    private enum EveryPropertyReachable implements TraversableResolver {
        INSTANCE;

        @Override
        public boolean isReachable(Object object, Path.Node property, Class<?> rootType, Path path, ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object object, Path.Node property, Class<?> rootType, Path path, ElementType type) {
            return true;
        }
    }
}
