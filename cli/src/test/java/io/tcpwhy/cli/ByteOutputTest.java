package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tcpwhy analyze} on standard output writes its report as bytes beneath the
 * command's writer ({@link BytePrintWriter}); tests and the golden files go through the
 * writer. Both must give the same text, byte for byte, in every format.
 */
class ByteOutputTest {

    private static final Path SAMPLES = Path.of("..", "samples");
    /** conn.log's {@code #open} and {@code #close} lines carry the wall clock. */
    private static final String CLOCK_LINE = "(?m)^#(open|close)\t.*$";

    static Stream<Arguments> samplesAndFormats() throws IOException {
        List<Path> pcaps;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            pcaps = files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
        }
        assertFalse(pcaps.isEmpty(), "samples found in " + SAMPLES.toAbsolutePath());
        List<Arguments> cases = new ArrayList<>();
        for (Path p : pcaps) {
            for (List<String> options : List.of(List.of("--format", "text"), List.of("--format", "text", "--problems"),
                    List.of("--format", "json"), List.of("--format", "json", "--pretty"), List.of("--format", "jsonl"),
                    List.of("--format", "conn-log"), List.of("--format", "markdown"))) {
                cases.add(Arguments.of(p, options));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samplesAndFormats")
    void bytesOnStandardOutputEqualTheWritersText(Path sample, List<String> options) {
        List<String> args = new ArrayList<>(List.of("analyze"));
        args.addAll(options);
        args.add(sample.toString());

        StringWriter chars = new StringWriter();
        int charStatus = Main.run(new PrintWriter(chars), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int byteStatus = Main.run(new BytePrintWriter(bytes, StandardCharsets.UTF_8, true), new PrintWriter(err),
                args.toArray(String[]::new));

        assertEquals(charStatus, byteStatus, err.toString());
        assertTrue(bytes.size() > 0, "nothing written for " + args);
        assertEquals(chars.toString().replaceAll(CLOCK_LINE, "#clock"),
                bytes.toString(StandardCharsets.UTF_8).replaceAll(CLOCK_LINE, "#clock"));
    }
}
