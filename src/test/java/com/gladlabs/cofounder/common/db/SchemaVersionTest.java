package com.gladlabs.cofounder.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The versions readiness asks for: the newest migration this build ships, the server it is made for. */
class SchemaVersionTest {

    @Test
    void requiredIsTheNewestMigration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertThat(SchemaVersion.REQUIRED).isEqualTo(Integer.toString(newest));
        }
    }

    @Test
    void aServerOlderThanTheConfiguredVersionIsNamed() {
        assertThat(SchemaVersion.olderServer(130_010, "14")).isEqualTo("PostgreSQL 13 is older than 14, which this build needs");
        assertThat(SchemaVersion.olderServer(140_000, "14")).isNull();
        assertThat(SchemaVersion.olderServer(150_020, "14")).isNull();
        assertThat(SchemaVersion.olderServer(150_020, "16.1")).isEqualTo("PostgreSQL 15 is older than 16, which this build needs");
    }
}
