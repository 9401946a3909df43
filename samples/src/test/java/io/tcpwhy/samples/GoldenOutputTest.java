package io.tcpwhy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample capture's explanation, as {@code tcpwhy analyze} prints it in text and in
 * JSON, equals its golden file in {@code expected/}. A change in what users read shows up
 * here as a diff to review. Regenerate on purpose only, after reading the new output:
 * {@code mvn -pl samples -am verify -Dtcpwhy.regenerate=true}.
 */
class GoldenOutputTest {

    private static final Path SAMPLES = Path.of(".");
    private static final Path EXPECTED = SAMPLES.resolve("expected");
    private static final boolean REGENERATE = Boolean.getBoolean("tcpwhy.regenerate");

    @TestFactory
    Stream<DynamicTest> everySampleExplainsAsItsGoldenFileSays() throws IOException {
        List<Path> captures = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            files.filter(p -> p.getFileName().toString().endsWith(".pcap")).sorted().forEach(captures::add);
        }
        assertFalse(captures.isEmpty(), "no sample captures found in " + SAMPLES.toAbsolutePath());
        return captures.stream().flatMap(pcap -> Stream.of(
                DynamicTest.dynamicTest(pcap.getFileName() + " text", () -> check(pcap, "txt")),
                DynamicTest.dynamicTest(pcap.getFileName() + " json", () -> check(pcap, "json"))));
    }

    private static void check(Path pcap, String kind) throws IOException {
        String name = pcap.getFileName().toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), "analyze", name,
                "--format", kind.equals("txt") ? "text" : "json");
        assertEquals(0, status, "tcpwhy analyze " + name + " failed: " + err);
        Path golden = EXPECTED.resolve(name.replaceFirst("\\.pcap$", "") + "." + kind);
        if (REGENERATE) {
            Files.createDirectories(EXPECTED);
            Files.writeString(golden, out.toString(), StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(golden), "no golden file " + golden + " (regenerate on purpose with -Dtcpwhy.regenerate=true)");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), out.toString(),
                name + ": output differs from " + golden);
    }
}
