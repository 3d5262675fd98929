package com.gladlabs.cofounder.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;

import com.gladlabs.cofounder.common.LabeledEnum;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The string must be one of the labels of an enumeration. Enumerations arrive as strings so that a
 * wrong value is a 422 that names the allowed values, not a JSON type error.
 */
@Retention(RUNTIME)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE })
@Constraint(validatedBy = OneOf.Validator.class)
public @interface OneOf {

    Class<? extends LabeledEnum> value();

    String message() default "must be one of the allowed values";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<OneOf, String> {
        private List<String> labels;

        @Override
        public void initialize(OneOf annotation) {
            labels = LabeledEnum.labels(annotation.value());
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || labels.contains(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // The labels are our own constants, safe to put in a message template.
            context.buildConstraintViolationWithTemplate("must be one of: " + String.join(", ", labels))
                    .addConstraintViolation();
            return false;
        }
    }
}
