package com.gladlabs.cofounder.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

/**
 * The lists StartupCodeLayout orders the native code by: what they hold and how a lambda's name is
 * matched. That the executable is laid out by them is NativeExecutableIT's (native pass).
 */
class StartupCodeLayoutTest {

    @Test
    void aLambdasClassIsMatchedWithoutItsGeneratedSuffix() {
        // JDK 17 names it Foo$$Lambda$12/0x0000000800c0b2d8, the image Foo$$Lambda/0x1a2b3c or Foo$$Lambda$abcdef
        assertThat(StartupCodeLayout.normalize("com.example.Foo$$Lambda$12.0x0000000800c0b2d8.accept"))
                .isEqualTo("com.example.Foo$$Lambda.accept");
        assertThat(StartupCodeLayout.normalize("com.example.Foo$$Lambda/0x1a2b3c.accept")).isEqualTo("com.example.Foo$$Lambda.accept");
        assertThat(StartupCodeLayout.normalize("com.example.Foo$$Lambda$abcdef.apply")).isEqualTo("com.example.Foo$$Lambda.apply");
        assertThat(StartupCodeLayout.normalize("com.example.Foo.lambda$start$0")).isEqualTo("com.example.Foo.lambda$start$0");
        assertThat(StartupCodeLayout.normalize("java.util.HashMap.get")).isEqualTo("java.util.HashMap.get");
    }

    @Test
    void theStartsMethodsNameWhatAStartRunsAndNotTheRequestPath() throws IOException {
        List<String> methods = lines(StartupCodeLayout.RESOURCE, true);
        assertThat(methods).hasSizeGreaterThan(10_000)
                .contains("io.quarkus.runner.ApplicationImpl.doStart", "io.smallrye.config.SmallRyeConfigBuilder.build",
                        "com.gladlabs.cofounder.health.DatabaseReadinessCheck.call", "com.gladlabs.cofounder.events.TaskEventHub.start")
                .doesNotContain("com.gladlabs.cofounder.task.TaskResource.delete", "com.gladlabs.cofounder.content.ContentService.approve");
        assertThat(methods).allSatisfy(name -> assertThat(name)
                .as("package.Class.method, normalised").matches("[^ /:(]+\\.[^ /:(.]+").isEqualTo(StartupCodeLayout.normalize(name)));
    }

    @Test
    void theNativeOnlySymbolsAreSymbolNames() throws IOException {
        List<String> symbols = lines(StartupCodeLayout.SYMBOLS, false);
        // GraalVM's unique short names, Class_method_digest (constructors: Class_digest), and the few C
        // functions of the executable (main, _start), which match no Java method and order nothing
        assertThat(symbols).isNotEmpty().allSatisfy(symbol -> assertThat(symbol).as("a symbol, not a qualified name")
                .doesNotContain(".", " ", "/"));
        assertThat(symbols).anyMatch(symbol -> symbol.startsWith("JavaMainWrapper_"));
    }

    private static List<String> lines(String resource, boolean gzipped) throws IOException {
        try (InputStream in = StartupCodeLayout.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(gzipped ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
            return reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
    }
}
