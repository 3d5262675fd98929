package com.gladlabs.cofounder.common;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.AttributeConverter;

/**
 * An enumeration whose values travel as lowercase labels, in JSON and in the database alike
 * ({@code in_progress}, not {@code IN_PROGRESS}).
 */
public interface LabeledEnum {

    String label();

    /** The constant with that label, or null when there is none. */
    static <E extends Enum<E> & LabeledEnum> E of(Class<E> type, String label) {
        if (label == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.label().equals(label)) {
                return constant;
            }
        }
        return null;
    }

    static List<String> labels(Class<? extends LabeledEnum> type) {
        return Arrays.stream(type.getEnumConstants()).map(LabeledEnum::label).toList();
    }

    abstract class TextConverter<E extends Enum<E> & LabeledEnum> implements AttributeConverter<E, String> {
        private final Class<E> type;

        protected TextConverter(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.label();
        }

        @Override
        public E convertToEntityAttribute(String label) {
            E value = LabeledEnum.of(type, label);
            if (label != null && value == null) {
                throw new IllegalStateException("Unknown " + type.getSimpleName() + " in the database: " + label);
            }
            return value;
        }
    }
}
