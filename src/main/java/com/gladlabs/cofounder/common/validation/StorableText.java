package com.gladlabs.cofounder.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Collection;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text PostgreSQL can store and give back unchanged: no NUL character (text and jsonb refuse it)
 * and no unpaired UTF-16 surrogate (it has no UTF-8 form). Applies to strings and, recursively,
 * to the strings inside lists and maps (keys included).
 */
@Retention(RUNTIME)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Constraint(validatedBy = StorableText.Validator.class)
public @interface StorableText {

    String message() default "must not contain NUL characters or unpaired surrogates";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<StorableText, Object> {
        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            return storable(value);
        }

        static boolean storable(Object value) {
            if (value instanceof CharSequence text) {
                return storable(text);
            }
            if (value instanceof Collection<?> items) {
                return items.stream().allMatch(Validator::storable);
            }
            if (value instanceof Map<?, ?> map) {
                return map.entrySet().stream().allMatch(e -> storable(e.getKey()) && storable(e.getValue()));
            }
            return true;
        }

        private static boolean storable(CharSequence text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\0') {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
