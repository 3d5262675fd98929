package com.gladlabs.cofounder.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * {@link IsoInstants} writes exactly what Jackson's own Instant serializer writes (ISO_INSTANT): checked
 * against it on the edges of the calendar and of the fraction's digit groups and on random instants
 * over years 0000–9999, and the service's mapper uses it.
 */
@QuarkusTest
class IsoInstantsTest {

    @Inject
    ObjectMapper service;

    /** Jackson's own writing of Instants, as the service's mapper did before. */
    private final ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void theServicesMapperWritesInstantsWithIt() throws Exception {
        assertThat(service.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(IsoInstants.Serializer.class);
        Instant now = Instant.now();
        assertThat(service.writeValueAsString(now)).isEqualTo(jackson.writeValueAsString(now));
    }

    @Test
    void edgesAreWrittenAsIsoInstantWritesThem() throws Exception {
        for (String text : new String[] { "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "0000-01-01T00:00:00Z", "0000-02-29T12:00:00Z", "0000-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z",
                "1600-02-29T00:00:00Z", "1900-02-28T23:59:59Z", "1900-03-01T00:00:00Z", "2000-02-29T00:00:00.001Z",
                "2024-02-29T23:59:00Z", "2026-12-07T01:51:09.000001Z", "2026-12-07T01:51:09.100Z",
                "2026-12-07T01:51:09.120000Z", "2026-12-07T01:51:09.123400Z", "2026-12-07T01:51:09.000000100Z",
                "2100-03-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z" }) {
            assertSame(Instant.parse(text));
        }
    }

    @Test
    void yearsOutsideFourDigitsAreLeftToIsoInstant() throws Exception {
        for (Instant instant : new Instant[] { Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.MIN, Instant.MAX }) {
            assertThat(IsoInstants.format(instant, new char[30])).isEqualTo(-1);
            assertSame(instant);
        }
    }

    @Test
    void randomInstantsOfEveryPrecisionAreWrittenAsIsoInstantWritesThem() throws Exception {
        SplittableRandom random = new SplittableRandom(20261207);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(first, end);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nano);
            char[] text = new char[30];
            int length = IsoInstants.format(instant, text);
            assertThat(new String(text, 0, length)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }

    private void assertSame(Instant instant) throws Exception {
        ObjectMapper withModule = new ObjectMapper();
        new IsoInstants().customize(withModule);
        assertThat(withModule.writeValueAsString(instant)).as(instant.toString())
                .isEqualTo(jackson.writeValueAsString(instant))
                .isEqualTo("\"" + DateTimeFormatter.ISO_INSTANT.format(instant) + "\"");
    }
}
