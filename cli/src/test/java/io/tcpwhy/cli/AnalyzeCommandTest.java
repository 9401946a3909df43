package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers to bad arguments and unreadable files; none needs the analysis pipeline. */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        /** stderr's lines; the contract allows exactly one per error. */
        long errLines() {
            return err.lines().count();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void missingFileIsBadInputWithOneLineNamingIt() {
        Path missing = dir.resolve("nope.pcap");
        Run r = run("analyze", missing.toString());
        assertEquals(ExitStatus.BAD_INPUT, r.status());
        assertEquals("tcpwhy: " + missing + ": no such file\n", r.err());
    }

    @Test
    void directoryWithoutCapturesIsBadInputWithOneLineSayingSo() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a capture");
        Run r = run("analyze", dir.toString());
        assertEquals(ExitStatus.BAD_INPUT, r.status());
        assertEquals("tcpwhy: " + dir + ": is a directory without captures (expected *.pcap, *.pcapng, *.cap "
                + "(rotated *.pcapN, gzipped *.gz) files in it)\n", r.err());
    }

    @Test
    void unreadableFileStillGetsAValidJsonDocumentWithItsError() throws Exception {
        Path missing = dir.resolve("nope.pcap");
        Run r = run("analyze", "--format", "json", missing.toString(), dir.toString());
        assertEquals(ExitStatus.BAD_INPUT, r.status());
        assertEquals(2, r.errLines(), "one line per bad file:\n" + r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode first = doc.get("input").get(0);
        assertEquals(missing.toString(), first.get("path").textValue());
        assertTrue(first.get("format").isNull());
        assertFalse(first.get("complete").booleanValue());
        assertEquals(missing + ": no such file", first.get("error").textValue());
        assertEquals(0, doc.get("connections").size());
    }

    @Test
    void noStackTraceWithoutDebugButOneWithIt() {
        Path missing = dir.resolve("nope.pcap");
        assertFalse(run("analyze", missing.toString()).err().contains("\tat "));
        Run debug = run("analyze", "--debug", missing.toString());
        assertTrue(debug.err().startsWith("tcpwhy: " + missing + ": no such file\n"), debug.err());
        assertTrue(debug.err().contains("NoSuchFileException"), debug.err());
    }

    @Test
    void badConnIsAUsageErrorOnOneLine() {
        Run r = run("analyze", "--conn", "10.0.0.1:80", "x.pcap");
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().startsWith("tcpwhy: Invalid value for option '--conn': not a connection: '10.0.0.1:80'"), r.err());
    }

    @Test
    void badPortIsAUsageErrorSayingTheRange() {
        Run r = run("analyze", "--port", "70000", "x.pcap");
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("port 70000 out of range (expected 0-65535)"), r.err());
    }

    @Test
    void unsupportedFormatIsAUsageErrorListingTheFormats() {
        Run r = run("analyze", "--format", "xml", "x.pcap");
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("unknown format 'xml' (expected one of: text, json, jsonl, conn-log, markdown)"), r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorPointingToHelp() {
        Run r = run("analyze", "--bogus", "x.pcap");
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals("tcpwhy: Unknown option: '--bogus' (see 'tcpwhy analyze --help')\n", r.err());
    }

    @Test
    void noFileIsAUsageError() {
        Run r = run("analyze");
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("FILE"), r.err());
    }

    @Test
    void unknownFailOnCodeIsAUsageError() {
        Run r = run("analyze", "--fail-on", "problems,RST_SOMETHING", "x.pcap");
        assertEquals(ExitStatus.USAGE, r.status());
        assertTrue(r.err().contains("unknown code 'RST_SOMETHING'"), r.err());
    }

    @Test
    void helpListsTheOptionsAndExitsZero() {
        Run r = run("analyze", "--help");
        assertEquals(ExitStatus.OK, r.status());
        for (String option : new String[] {"--format", "--port", "--conn", "--problems", "--fail-on", "--debug"}) {
            assertTrue(r.out().contains(option), option + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("text, json"), r.out());
    }

    @Test
    void helpListsEveryExitStatusAnalyzeCanReturn() {
        String help = run("analyze", "--help").out();
        for (int status : new int[] {ExitStatus.OK, ExitStatus.FAIL_ON_MATCHED, ExitStatus.USAGE, ExitStatus.BAD_INPUT,
            ExitStatus.OUT_OF_MEMORY, ExitStatus.SOFTWARE, ExitStatus.OUTPUT_FAILED}) {
            assertTrue(help.lines().anyMatch(l -> l.matches("\\s+" + status + "\\s+\\S.*")), status + " in:\n" + help);
        }
    }

    @Test
    void emptyDirectoryFileListStillChecksEveryFile() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Run r = run("analyze", a.toString(), b.toString());
        assertEquals(ExitStatus.BAD_INPUT, r.status());
        assertEquals(2, r.errLines(), r.err());
        assertTrue(r.out().contains(a + ": not analyzed: is a directory without captures"), r.out());
    }
}
