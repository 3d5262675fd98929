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
            Sections sections = Sections.read(file);
            ByteBuffer header = sections.header();
            assertThat(header.getInt(0)).as("ELF magic of %s", executable).isEqualTo(0x464c457f);
            assertThat(header.get(4)).as("64-bit ELF").isEqualTo((byte) 2);
            assertThat(header.getShort(16)).as("e_type: a fixed-address executable (ET_EXEC), not a PIE (ET_DYN)").isEqualTo((short) ET_EXEC);

            long relocations = 0;
            for (int i = 0; i < sections.count(); i++) {
                int type = sections.type(i);
                if (type == SHT_RELA || type == SHT_REL) {
                    long each = sections.field(i, 0x38); // sh_entsize
                    relocations += each == 0 ? 0 : sections.field(i, 0x20) / each;
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
            Sections sections = Sections.read(file);
            ByteBuffer sectionNames = sections.contents(Short.toUnsignedInt(sections.header().getShort(0x3E)));
            for (int i = 0; i < sections.count(); i++) {
                if (".text".equals(string(sectionNames, sections.word(i, 0)))) {
                    symbols.put(".text start", sections.field(i, 0x10));
                    symbols.put(".text end", sections.field(i, 0x10) + sections.field(i, 0x20));
                }
                if (sections.type(i) == SHT_SYMTAB) {
                    ByteBuffer strings = sections.contents(sections.word(i, 0x28)); // sh_link: its string table
                    ByteBuffer entries = sections.contents(i);
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

    /** The ELF header and the section header table, read once; fields by their offset in an entry. */
    private record Sections(FileChannel file, ByteBuffer header, ByteBuffer table, int entrySize, int count) {

        static Sections read(FileChannel file) throws IOException {
            ByteBuffer header = NativeExecutableIT.read(file, 0, 64);
            int entrySize = Short.toUnsignedInt(header.getShort(0x3A));
            int count = Short.toUnsignedInt(header.getShort(0x3C));
            return new Sections(file, header, NativeExecutableIT.read(file, header.getLong(0x28), entrySize * count), entrySize, count);
        }

        int type(int section) {
            return word(section, 4);
        }

        int word(int section, int offset) {
            return table.getInt(section * entrySize + offset);
        }

        long field(int section, int offset) {
            return table.getLong(section * entrySize + offset);
        }

        /** The section's bytes (sh_offset, sh_size). */
        ByteBuffer contents(int section) throws IOException {
            return NativeExecutableIT.read(file, field(section, 0x18), (int) field(section, 0x20));
        }
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
