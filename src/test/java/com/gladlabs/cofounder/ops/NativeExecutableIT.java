package com.gladlabs.cofounder.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;

/**
 * The native executable is linked so that the loader has next to nothing to relocate at a start
 * ({@code quarkus.native.additional-build-args=-H:NativeLinkerOption=-no-pie}). Linked as a
 * position-independent executable, as gcc does by default on Debian and Ubuntu, this image carries
 * ~282,000 dynamic relocations, applied at every start: 12% of a start and 14 MiB of resident memory
 * (bench/README, "Issue 16, sixth pass"). Read from the ELF headers of what the build made;
 * the packaged jar has no executable to read.
 */
class NativeExecutableIT {

    private static final int ET_EXEC = 2;
    private static final int SHT_RELA = 4;
    private static final int SHT_REL = 9;

    @Test
    void theLoaderHasAlmostNothingToRelocate() throws IOException {
        Assumptions.assumeTrue(PackagedApp.isNative(), "the packaged jar is not an executable");
        Path executable = PackagedApp.artifactPath();
        try (FileChannel file = FileChannel.open(executable, StandardOpenOption.READ)) {
            ByteBuffer header = read(file, 0, 64);
            assertThat(header.getInt(0)).as("ELF magic of %s", executable).isEqualTo(0x464c457f);
            assertThat(header.get(4)).as("64-bit ELF").isEqualTo((byte) 2);
            assertThat(header.getShort(16)).as("e_type: a fixed-address executable (ET_EXEC), not a PIE (ET_DYN)").isEqualTo((short) ET_EXEC);

            long sectionTable = header.getLong(0x28);
            int entrySize = Short.toUnsignedInt(header.getShort(0x3A));
            int sections = Short.toUnsignedInt(header.getShort(0x3C));
            ByteBuffer table = read(file, sectionTable, entrySize * sections);
            long relocations = 0;
            for (int i = 0; i < sections; i++) {
                int base = i * entrySize;
                int type = table.getInt(base + 4);
                if (type == SHT_RELA || type == SHT_REL) {
                    long size = table.getLong(base + 0x20);
                    long each = table.getLong(base + 0x38);
                    relocations += each == 0 ? 0 : size / each;
                }
            }
            // Linked here: ~350 (the PLT and the pointers into libc); as a PIE: ~282,000.
            assertThat(relocations).as("relocation entries in %s", executable).isPositive().isLessThan(10_000);
        }
    }

    private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("ELF file ends before byte " + (position + length));
            }
        }
        return buffer.flip();
    }
}
