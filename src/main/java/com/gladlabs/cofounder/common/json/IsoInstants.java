package com.gladlabs.cofounder.common.json;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Writes every {@link Instant} of the API's JSON as {@link DateTimeFormatter#ISO_INSTANT} does, which is
 * what Jackson's own serializer writes ({@code 2026-12-07T01:51:09.123456Z}: seconds always, the
 * fraction in groups of three digits, none when it is zero), character for character, but straight
 * into the generator: no formatter context, no {@code LocalDateTime}, no intermediate string. Formatting
 * the timestamps of a task was 6.6% of the bytes a read by id allocated (bench/README, issue 13's
 * fourteenth pass). Years outside 0000–9999, which {@code ISO_INSTANT} writes with a sign or more
 * digits, are left to it.
 */
@Singleton
public class IsoInstants implements ObjectMapperCustomizer {

    /** {@code yyyy-mm-ddThh:mm:ss.nnnnnnnnnZ} */
    private static final int MAX_LENGTH = 30;
    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long END_SECOND = 253_402_300_800L;

    /**
     * After Quarkus' own customizers, which register the Java time module: of two serializers for a type,
     * the module registered last is asked first.
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("iso-instants").addSerializer(Instant.class, new Serializer()));
    }

    static final class Serializer extends StdSerializer<Instant> {
        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            char[] text = new char[MAX_LENGTH];
            int length = format(value, text);
            if (length < 0) {
                generator.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
            } else {
                generator.writeString(text, 0, length);
            }
        }
    }

    /** Writes {@code instant} into {@code text} as ISO_INSTANT would; the length, or -1 outside years 0000–9999. */
    static int format(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds >= END_SECOND) {
            return -1;
        }
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // Days to a proleptic Gregorian date: eras of 400 years starting on 0000-03-01 (H. Hinnant's "civil_from_days").
        long shifted = days + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        int dayOfEra = (int) (shifted - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int at = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(text, at, nano / 1_000_000, 3);
                at += 3;
            } else if (nano % 1_000 == 0) {
                digits(text, at, nano / 1_000, 6);
                at += 6;
            } else {
                digits(text, at, nano, 9);
                at += 9;
            }
        }
        text[at++] = 'Z';
        return at;
    }

    /** {@code value} in exactly {@code count} decimal digits, zero-padded, at {@code at}. */
    private static void digits(char[] text, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
