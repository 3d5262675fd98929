package com.gladlabs.cofounder.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The version readiness asks for is the newest migration this build ships. */
class SchemaVersionTest {

    @Test
    void requiredIsTheNewestMigration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertThat(SchemaVersion.REQUIRED).isEqualTo(Integer.toString(newest));
        }
    }
}
