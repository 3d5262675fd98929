package com.gladlabs.cofounder.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private static final int SHT_SYMTAB = 2;

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

    /**
     * The methods a start runs are laid out first in the code (StartupCodeLayout, from
     * native/startup-methods.txt.gz): with GraalVM's order by name they were spread over the whole code
     * section, and the kernel's 64 KiB around each fault made 38 MiB of it resident at every start
     * (bench/README, "Issue 16, seventh pass"). Read from the symbol table: each method a start runs sits
     * below each method it does not, in the front part of the code.
     */
    @Test
    void theCodeAStartRunsComesFirst() throws IOException {
        Assumptions.assumeTrue(PackagedApp.isNative(), "the packaged jar is not an executable");
        Map<String, Long> symbols = textSymbols(PackagedApp.artifactPath());
        List<String> started = List.of("ApplicationImpl_doStart_", "SmallRyeConfigBuilder_build_",
                "VertxHttpRecorder_startServer_", "TaskEventHub_start_", "DatabaseReadinessCheck_call_");
        List<String> notStarted = List.of("FftMultiplier_multiplyFft_", "TaskResource_delete_",
                "ContentService_approve_");
        long textStart = symbols.get(".text start");
        long textEnd = symbols.get(".text end");
        long latestStarted = 0;
        for (String prefix : started) {
            long address = address(symbols, prefix);
            assertThat(address - textStart).as("offset of %s in the code", prefix).isLessThan((textEnd - textStart) / 3);
            latestStarted = Math.max(latestStarted, address);
        }
        for (String prefix : notStarted) {
            assertThat(address(symbols, prefix)).as("%s after every method a start runs", prefix).isGreaterThan(latestStarted);
        }
    }

    private static long address(Map<String, Long> symbols, String prefix) {
        return symbols.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).min()
                .orElseThrow(() -> new AssertionError("no symbol " + prefix + "* in the executable"));
    }

    /** Function symbols (name to address) of .symtab, and the bounds of .text. */
    private static Map<String, Long> textSymbols(Path executable) throws IOException {
        Map<String, Long> symbols = new HashMap<>();
        try (FileChannel file = FileChannel.open(executable, StandardOpenOption.READ)) {
            ByteBuffer header = read(file, 0, 64);
            long sectionTable = header.getLong(0x28);
            int entrySize = Short.toUnsignedInt(header.getShort(0x3A));
            int sections = Short.toUnsignedInt(header.getShort(0x3C));
            int namesIndex = Short.toUnsignedInt(header.getShort(0x3E));
            ByteBuffer table = read(file, sectionTable, entrySize * sections);
            ByteBuffer sectionNames = read(file, table.getLong(namesIndex * entrySize + 0x18), (int) table.getLong(namesIndex * entrySize + 0x20));
            for (int i = 0; i < sections; i++) {
                int base = i * entrySize;
                if (".text".equals(string(sectionNames, table.getInt(base)))) {
                    symbols.put(".text start", table.getLong(base + 0x10));
                    symbols.put(".text end", table.getLong(base + 0x10) + table.getLong(base + 0x20));
                }
                if (table.getInt(base + 4) == SHT_SYMTAB) {
                    int link = table.getInt(base + 0x28);
                    ByteBuffer strings = read(file, table.getLong(link * entrySize + 0x18), (int) table.getLong(link * entrySize + 0x20));
                    ByteBuffer entries = read(file, table.getLong(base + 0x18), (int) table.getLong(base + 0x20));
                    for (int at = 0; at + 24 <= entries.limit(); at += 24) {
                        if ((entries.get(at + 4) & 0xf) == 2) { // STT_FUNC
                            symbols.put(string(strings, entries.getInt(at)), entries.getLong(at + 8));
                        }
                    }
                }
            }
        }
        assertThat(symbols).as("a symbol table and .text in %s", executable).containsKey(".text start").hasSizeGreaterThan(1000);
        return symbols;
    }

    private static String string(ByteBuffer strings, int offset) {
        int end = offset;
        while (strings.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        strings.get(offset, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
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
