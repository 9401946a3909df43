package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.PcapngComments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code analyze --annotate}: every sample written back as pcapng with the findings on the
 * frames they cite, read back with tcpwhy's reader and a pcapng walker of the tests' own,
 * and with tshark when it is installed (CI installs it; TCPWHY_REQUIRE_LIVE=1 makes its
 * absence a failure).
 */
class AnnotateCommandTest {

    private static final Path SAMPLES = Path.of("..", "samples");

    @TempDir
    Path dir;

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<Path> pcaps = files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
            assertFalse(pcaps.isEmpty(), "samples found in " + SAMPLES.toAbsolutePath());
            return pcaps.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleIsAnnotatedOnTheFramesItsFindingsCite(Path sample) throws Exception {
        Path out = dir.resolve(sample.getFileName() + "ng");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--format", "json", "--annotate", out.toString(),
                sample.toString());
        assertEquals(ExitStatus.OK, r.status(), r.err());
        assertTrue(r.err().startsWith("tcpwhy analyze: wrote "), r.err());

        Map<Long, List<String>> expected = expectedComments(new ObjectMapper().readTree(r.out()));
        Map<Long, List<String>> written = PcapngComments.read(out);
        assertEquals(expected.keySet(), written.keySet(), "commented frames");
        expected.forEach((frame, prefixes) -> {
            for (String prefix : prefixes) {
                assertTrue(written.get(frame).stream().anyMatch(c -> c.startsWith(prefix)),
                        "frame " + frame + " says '" + prefix + "...': " + written.get(frame));
            }
        });
        assertEquals(frameCount(sample), frameCount(out), "every frame copied");

        Map<Long, String> tshark = tsharkComments(out);
        assertEquals(written.keySet(), tshark.keySet(), "tshark sees the comments on the same frames");
        written.forEach((frame, comments) -> assertTrue(tshark.get(frame).contains(comments.get(0)),
                "tshark frame " + frame + ": " + tshark.get(frame)));
    }

    @Test
    void annotateTakesOneCapture() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--annotate", dir.resolve("o.pcapng").toString(),
                SAMPLES.resolve("orderly_close.pcap").toString(), SAMPLES.resolve("half_close.pcap").toString());
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals("tcpwhy: --annotate takes one capture file, got 2 inputs (see 'tcpwhy analyze --help')\n", r.err());
    }

    @Test
    void anAnnotationThatCannotBeWrittenIsOneLineAfterTheReport() {
        Path nowhere = dir.resolve("missing-dir").resolve("o.pcapng");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--annotate", nowhere.toString(),
                SAMPLES.resolve("orderly_close.pcap").toString());
        assertEquals(ExitStatus.OUTPUT_FAILED, r.status());
        assertFalse(r.out().isEmpty(), "the report is still written");
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().startsWith("tcpwhy: --annotate " + nowhere + ": "), r.err());
    }

    /** From the JSON report: frame to the starts of the comments the connection's findings put there. */
    static Map<Long, List<String>> expectedComments(JsonNode doc) {
        Map<Long, List<String>> expected = new HashMap<>();
        for (JsonNode c : doc.get("connections")) {
            String who = "tcpwhy #" + c.get("id").asInt() + ": ";
            for (JsonNode s : c.get("timeline")) {
                add(expected, s.get("frame").asLong(), who + s.get("side").asText() + " now " + s.get("state").asText());
            }
            for (JsonNode o : c.get("outcomes")) {
                add(expected, o.get("frame").asLong(), who + o.get("side").asText() + " " + o.get("call").asText()
                        + "() gets " + o.get("result").asText());
            }
            JsonNode frames = c.get("diagnosis").get("frames");
            long closing = frames.isEmpty() ? c.get("last_frame").asLong() : frames.get(frames.size() - 1).asLong();
            add(expected, closing, who + c.get("diagnosis").get("code").asText() + " \u2014 ");
        }
        return expected;
    }

    private static void add(Map<Long, List<String>> expected, long frame, String prefix) {
        if (frame > 0) {
            expected.computeIfAbsent(frame, f -> new ArrayList<>()).add(prefix);
        }
    }

    private static long frameCount(Path capture) throws IOException {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next()) {
                // count
            }
            return reader.frameNumber();
        }
    }

    /** tshark's view: frame number to its comments joined by tshark's separator. */
    static Map<Long, String> tsharkComments(Path file) throws Exception {
        Path tshark = Stream.of("/usr/bin/tshark", "/usr/local/bin/tshark").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (tshark == null) {
            String reason = "tshark is not installed: the annotated pcapng is checked with tcpwhy's reader only";
            if ("1".equals(System.getenv("TCPWHY_REQUIRE_LIVE"))) {
                throw new AssertionError(reason + " (TCPWHY_REQUIRE_LIVE=1: CI must install tshark)");
            }
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        Process p = new ProcessBuilder(tshark.toString(), "-r", file.toString(), "-T", "fields", "-e", "frame.number",
                "-e", "frame.comment").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark ends");
        assertEquals(0, p.exitValue(), "tshark reads " + file);
        Map<Long, String> comments = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] fields = line.split("\t", 2);
            if (fields.length == 2 && !fields[1].isEmpty()) {
                comments.put(Long.parseLong(fields[0]), fields[1]);
            }
        }
        return comments;
    }
}
