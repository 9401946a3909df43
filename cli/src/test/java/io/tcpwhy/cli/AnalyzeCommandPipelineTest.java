package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.cli.AnalyzeCommandTest.Run;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.testing.SegmentScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpwhy analyze} end to end through {@link io.tcpwhy.Analyzer}: reader, decoder,
 * tracker and diagnosis on captures a test writes.
 */
@Tag("pipeline")
class AnalyzeCommandPipelineTest {

    private static final String CLIENT = "10.0.0.1:40000";
    private static final String SERVER = "10.0.0.2:80";

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    /** A client that connects, sends nothing and closes; the server closes too. */
    private Path orderly(String name) throws Exception {
        return SegmentPcap.write(dir.resolve(name), SegmentScript.between(CLIENT, SERVER)
                .client("S").server("SA").client("A").client("FA").server("FA").client("A").segments());
    }

    /** A SYN answered by RST: nothing listening. */
    private Path refused(String name) throws Exception {
        return SegmentPcap.write(dir.resolve(name), SegmentScript.between(CLIENT, SERVER)
                .client("S").rawServer("RA", 0, 1001, 0).segments());
    }

    @Test
    void emptyFileIsBadInputWithOneLineNamingTheFile() throws Exception {
        Path empty = write("empty.pcap", new byte[0]);
        Run r = AnalyzeCommandTest.run("analyze", empty.toString());
        assertEquals(ExitStatus.BAD_INPUT, r.status());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().startsWith("tcpwhy: " + empty + ": byte 0: "), r.err());
    }

    @Test
    void wrongMagicIsBadInputWithOneLineAtByteZero() throws Exception {
        // An ELF header where the pcap magic should be.
        Path elf = write("not.pcap", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0});
        Run r = AnalyzeCommandTest.run("analyze", elf.toString());
        assertEquals(ExitStatus.BAD_INPUT, r.status());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().startsWith("tcpwhy: " + elf + ": byte 0: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void orderlyConnectionIsOneLineAndExitsZero() throws Exception {
        Path pcap = orderly("orderly.pcap");
        Run r = AnalyzeCommandTest.run("analyze", pcap.toString());
        assertEquals(ExitStatus.OK, r.status(), r.err());
        assertTrue(r.out().contains("#1  10.0.0.1:40000"), r.out());
        assertTrue(r.out().contains("ORDERLY"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void idsContinueAcrossFilesInOneJsonDocument() throws Exception {
        Path a = orderly("a.pcap");
        Path b = refused("b.pcap");
        Run r = AnalyzeCommandTest.run("analyze", "--format", "json", a.toString(), b.toString());
        assertEquals(ExitStatus.OK, r.status(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(2, doc.get("input").size());
        assertEquals("pcap", doc.get("input").get(1).get("format").textValue());
        assertEquals(2, doc.get("connections").size());
        assertEquals(2, doc.get("connections").get(1).get("id").intValue());
        assertEquals("REFUSED", doc.get("connections").get(1).get("diagnosis").get("code").textValue());
    }

    @Test
    void directoryIsReadInNameOrderOnWorkerThreadsWithIdsContinuingInFileOrder() throws Exception {
        Path captures = Files.createDirectory(dir.resolve("captures"));
        for (int i = 0; i < 7; i++) {
            String name = "trace.pcap" + i;
            SegmentPcap.write(captures.resolve(name), i % 2 == 0
                    ? SegmentScript.between(CLIENT, SERVER).client("S").server("SA").client("A").client("FA")
                            .server("FA").client("A").segments()
                    : SegmentScript.between(CLIENT, SERVER).client("S").rawServer("RA", 0, 1001, 0).segments());
        }
        Files.writeString(captures.resolve("README.txt"), "not a capture: skipped by name");
        Run r = AnalyzeCommandTest.run("analyze", "--format", "jsonl", captures.toString());
        assertEquals(ExitStatus.OK, r.status(), r.err());
        var lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < 7; i++) {
            JsonNode c = mapper.readTree(lines.get(i));
            assertEquals(i + 1, c.get("id").intValue(), "ids continue in file order");
            assertEquals(i % 2 == 0 ? "ORDERLY" : "REFUSED", c.get("diagnosis").get("code").textValue(), lines.get(i));
        }
    }

    @Test
    void dashReadsTheCaptureFromStandardInput() throws Exception {
        Path a = refused("a.pcap");
        java.io.InputStream saved = System.in;
        try (java.io.InputStream in = Files.newInputStream(a)) {
            System.setIn(in);
            Run r = AnalyzeCommandTest.run("analyze", "--format", "json", "-");
            assertEquals(ExitStatus.OK, r.status(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("-", doc.get("input").get(0).get("path").textValue());
            assertEquals("REFUSED", doc.get("connections").get(0).get("diagnosis").get("code").textValue());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void dashROptionIsTakenAsTcpdumpTakesIt() throws Exception {
        Path a = orderly("a.pcap");
        Path b = refused("b.pcap");
        Run r = AnalyzeCommandTest.run("analyze", "-r", a.toString(), "--format", "conn-log", b.toString());
        assertEquals(ExitStatus.OK, r.status(), r.err());
        var records = r.out().lines().filter(l -> !l.startsWith("#")).toList();
        assertEquals(2, records.size(), r.out());
        assertTrue(records.get(0).contains("\t1\tORDERLY\t"), records.get(0));
        assertTrue(records.get(1).contains("\t2\tREFUSED\t"), records.get(1));
    }

    @Test
    void summaryAndPrettyBelongToTheirFormats() throws Exception {
        Path a = orderly("a.pcap");
        Run summary = AnalyzeCommandTest.run("analyze", "--summary", "--format", "json", a.toString());
        assertEquals(ExitStatus.USAGE, summary.status());
        assertTrue(summary.err().contains("--summary prints text (got --format json"), summary.err());
        Run pretty = AnalyzeCommandTest.run("analyze", "--pretty", a.toString());
        assertEquals(ExitStatus.USAGE, pretty.status());
        Run ok = AnalyzeCommandTest.run("analyze", "--summary", a.toString());
        assertEquals(ExitStatus.OK, ok.status(), ok.err());
        assertTrue(ok.out().startsWith("\nSummary: 1 connection, 0 problems"), ok.out());
    }

    @Test
    void failOnProblemsExitsOneWhenAProblemIsReported() throws Exception {
        Path b = refused("b.pcap");
        assertEquals(ExitStatus.FAIL_ON_MATCHED, AnalyzeCommandTest.run("analyze", "--fail-on", "problems", b.toString()).status());
        Path a = orderly("a.pcap");
        assertEquals(ExitStatus.OK, AnalyzeCommandTest.run("analyze", "--fail-on", "problems", a.toString()).status());
    }

    @Test
    void problemsAndPortFiltersSelectConnections() throws Exception {
        Path a = orderly("a.pcap");
        Path b = refused("b.pcap");
        Run problems = AnalyzeCommandTest.run("analyze", "--problems", a.toString(), b.toString());
        assertFalse(problems.out().contains("ORDERLY"), problems.out());
        assertTrue(problems.out().contains("REFUSED"), problems.out());
        Run otherPort = AnalyzeCommandTest.run("analyze", "--port", "443", a.toString());
        assertFalse(otherPort.out().contains("#1"), otherPort.out());
    }

    @Test
    void damageAfterTheStartReportsWhatWasReadThenOneErrorLine() throws Exception {
        byte[] whole = Files.readAllBytes(orderly("whole.pcap"));
        // Cut the last record in half: its header promises more bytes than the file has.
        Path cut = write("cut.pcap", Arrays.copyOf(whole, whole.length - 20));
        Run r = AnalyzeCommandTest.run("analyze", "--format", "json", cut.toString());
        assertEquals(ExitStatus.BAD_INPUT, r.status());
        assertEquals(1, r.errLines(), r.err());
        JsonNode in = new ObjectMapper().readTree(r.out()).get("input").get(0);
        assertFalse(in.get("complete").booleanValue());
        assertTrue(in.get("error").textValue().contains("byte"), in.get("error").textValue());
        assertTrue(in.get("frames").longValue() >= 5, in.toString());
    }
}
