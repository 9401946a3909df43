package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.explain.Fixtures;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.testing.SegmentScript;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExplainCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int main(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** Runs explain on reports instead of a capture: the analyzer is tested on its own. */
    private int explain(ExplainCommand.Source source, String... args) {
        CommandLine cl = new CommandLine(new ExplainCommand(source));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return status;
    }

    private static ExplainCommand.Source reports(ConnectionReport... reports) {
        return (file, sink) -> {
            List.of(reports).forEach(sink);
            return input(file, true, null);
        };
    }

    private static InputReport input(Path file, boolean complete, String error) {
        return new InputReport(file.toString(), "pcap", List.of("EN10MB"), 40, 40, 0, 0, 0, complete, error);
    }

    @Test
    void explainIsASubcommandOfTcpwhy() {
        assertEquals(0, main("explain", "--help"));
        assertTrue(out.toString().contains("Usage: tcpwhy explain"), out.toString());
        assertTrue(out.toString().contains("--error=LINE"), out.toString());
    }

    @Test
    void withoutErrorConnOrPortItIsAUsageError() {
        assertEquals(2, main("explain", "capture.pcap"));
        assertEquals("tcpwhy: say what to explain: --error LINE, --conn A-B or --port N\n",
                err.toString().replace("\r\n", "\n"));
        assertEquals("", out.toString());
    }

    @Test
    void unknownErrorTextExitsTwoWithOneShortLinePointingAtTheList() {
        assertEquals(2, main("explain", "capture.pcap", "--error", "something odd happened"));
        String e = err.toString();
        assertTrue(e.startsWith("tcpwhy: no socket error found in 'something odd happened' (tcpwhy explain"
                + " --list-errors shows the "), e);
        assertEquals(1, e.strip().lines().count(), "one line: " + e);
        assertTrue(e.length() < 200, "short: " + e);
    }

    @Test
    void listErrorsPrintsTheTableWithoutACapture() {
        assertEquals(0, main("explain", "--list-errors"));
        String o = out.toString();
        assertTrue(o.startsWith("RUNTIME"), o);
        for (String expected : new String[] {"socket hang up", "Empty reply from server", "own action port_exhaustion",
            "upstream prematurely closed connection", "EADDRNOTAVAIL (99)", "Remote end closed connection"}) {
            assertTrue(o.contains(expected), "lists " + expected);
        }
        assertEquals("", err.toString());
    }

    @Test
    void withoutFileItIsAUsageError() {
        assertEquals(2, main("explain", "--port", "80"));
        assertTrue(err.toString().startsWith("tcpwhy: missing FILE"), err.toString());
    }

    @Test
    void damagedCaptureIsStillExplainedThenSaysTheAnalysisIsPartialAndExitsThree() {
        int status = explain((file, sink) -> {
            sink.accept(Fixtures.of(DiagnosisCode.RST_UNREAD_DATA));
            return input(file, false, "c.pcap: byte 4096: record claims 4294967295 bytes (expected at most 262144)");
        }, "c.pcap", "--error", "read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer");
        assertEquals(3, status);
        assertTrue(out.toString().startsWith("Why did the server's read fail with ECONNRESET?"), out.toString());
        assertEquals("tcpwhy: c.pcap: byte 4096: record claims 4294967295 bytes (expected at most 262144); the"
                + " analysis is partial: only the 40 frames before the damage were searched\n",
                err.toString().replace("\r\n", "\n"));
    }

    @Test
    void useOfClosedConnectionIsExplainedAsTheSidesOwnCloseAndExitsZero() {
        int status = explain(reports(Fixtures.of(DiagnosisCode.ORDERLY)), "c.pcap", "--error",
                "2019/05/30 16:35:46.000 read tcp 10.0.0.9:56795->10.0.0.5:20003: use of closed network connection");
        assertEquals(0, status, err.toString());
        String o = out.toString();
        assertTrue(o.startsWith("Why did the client's read fail with 'use of closed network connection'?\n"
                + "The client (10.0.0.9:56795) closed this connection itself: its own FIN in frame 8 (+1.000 s)"), o);
        assertTrue(o.contains("own action  closed_by_self"), o);
        assertTrue(o.contains("The error was logged 0.745 s from that close."), o);
    }

    @Test
    void evidenceOfAnOwnCloseWritesThatConnectionsFrames(@TempDir Path dir) throws Exception {
        Path pcap = SegmentPcap.write(dir.resolve("c.pcap"), SegmentScript.between(Fixtures.CLIENT, Fixtures.SERVER)
                .client("S").server("SA").client("A").client("PA", 14).server("A").server("PA", 39).client("A")
                .client("FA").segments());
        int status = explain(reports(Fixtures.of(DiagnosisCode.ORDERLY)), pcap.toString(), "--error",
                "read tcp 10.0.0.9:56795->10.0.0.5:20003: use of closed network connection",
                "--evidence", dir.resolve("e.pcap").toString());
        assertEquals(0, status, err.toString());
        assertEquals("tcpwhy explain: wrote 8 frames of connection #1 to " + dir.resolve("e.pcap") + "\n",
                err.toString().replace("\r\n", "\n"));
    }

    @Test
    void portExhaustionCountsTheHostsConnectionsAndTheirTimeWaitAsJson() {
        int status = explain(reports(Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.9:40001", Fixtures.SERVER, 1, 0),
                        Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.9:40002", Fixtures.SERVER, 2, 20),
                        Fixtures.of(DiagnosisCode.RST_ABORT, "10.0.0.9:40003", Fixtures.SERVER, 3, 40),
                        Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.7:40004", Fixtures.SERVER, 4, 60)),
                "c.pcap", "--format", "json", "--error",
                "2019-05-30T16:35:50Z dial tcp 10.0.0.5:20003: connect: cannot assign requested address");
        assertEquals(0, status, err.toString());
        String o = out.toString();
        assertTrue(o.contains("\"own_action\" : \"port_exhaustion\""), o);
        assertTrue(o.contains("The capture holds 3 connections from 10.0.0.9 to 10.0.0.5:20003; 2 of them ended in"
                + " TIME_WAIT on 10.0.0.9's side (it closed first), 3 got an answer from the server."), o);
        assertTrue(o.contains("4 connections to 10.0.0.5:20003 from 2 hosts in all."), o);
        assertTrue(o.contains("2 of them ended in TIME_WAIT within the 60 s before the error was logged"), o);
    }

    @Test
    void malformedFiltersAreUsageErrors() {
        assertEquals(2, main("explain", "c.pcap", "--conn", "10.0.0.1:80"));
        assertTrue(err.toString().contains("not a connection: '10.0.0.1:80'"), err.toString());
        assertEquals(2, main("explain", "c.pcap", "--port", "1", "--side", "middle"));
        assertTrue(err.toString().contains("unknown side 'middle'"), err.toString());
        assertEquals(2, main("explain", "c.pcap", "--port", "1", "--at", "yesterday"));
        assertTrue(err.toString().contains("not a time: 'yesterday'"), err.toString());
        assertEquals(2, main("explain", "c.pcap", "--port", "1", "--format", "html"));
        assertTrue(err.toString().contains("unknown format 'html'"), err.toString());
        assertEquals(2, main("explain", "c.pcap", "--port", "70000"));
        assertTrue(err.toString().contains("--port 70000 out of range"), err.toString());
        assertEquals(2, main("explain", "c.pcap", "--port", "1", "--zone", "Mars/Base"));
        assertTrue(err.toString().contains("unknown zone 'Mars/Base'"), err.toString());
    }

    @Test
    void goErrorLineIsExplainedAsMarkdownForATicket() {
        int status = explain(reports(Fixtures.of(DiagnosisCode.ORDERLY, "10.0.0.9:1", Fixtures.SERVER, 1, 0),
                        Fixtures.of(DiagnosisCode.RST_UNREAD_DATA, Fixtures.CLIENT, Fixtures.SERVER, 2, 20)),
                "c.pcap", "--format", "markdown", "--error",
                "2019/05/30 16:35:45.269:handlerClient err3=read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer");
        assertEquals(0, status, err.toString());
        String md = out.toString();
        assertTrue(md.startsWith("### tcpwhy: Why did the server's read fail with ECONNRESET? (`RST_UNREAD_DATA`)"), md);
        assertTrue(md.contains("```mermaid\nsequenceDiagram\n"), md);
    }

    @Test
    void errorThatFitsNoConnectionExitsOneAndShowsTheNearest() {
        int status = explain(reports(Fixtures.of(DiagnosisCode.ORDERLY)), "c.pcap",
                "--error", "java.net.SocketException: Connection reset");
        assertEquals(1, status);
        String o = out.toString();
        assertTrue(o.startsWith("No connection in c.pcap fits 'Connection reset' (ECONNRESET): none of its 1 connections"), o);
        assertTrue(o.contains("Nearest connections:\n  #1 10.0.0.9:56795 -> 10.0.0.5:20003 ORDERLY"), o);
    }

    @Test
    void portWithoutErrorExplainsTheProblemConnectionOnIt() {
        int status = explain(reports(Fixtures.of(DiagnosisCode.REFUSED, "10.0.0.9:4000", "10.0.0.5:8080", 1, 0)),
                "c.pcap", "--port", "8080");
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().startsWith("Why did the client's connect fail with ECONNREFUSED?"), out.toString());
    }

    @Test
    void evidenceOfAConnectionMissingFromTheCaptureExitsThree(@TempDir Path dir) throws Exception {
        Path pcap = SegmentPcap.write(dir.resolve("c.pcap"),
                SegmentScript.between("10.0.0.9:1", "10.0.0.5:80").client("S").server("RA").segments());
        int status = explain(reports(Fixtures.of(DiagnosisCode.RST_UNREAD_DATA)), pcap.toString(),
                "--conn", Fixtures.CLIENT + "-" + Fixtures.SERVER, "--evidence", dir.resolve("e.pcap").toString());
        assertEquals(3, status);
        assertTrue(err.toString().startsWith("tcpwhy: --evidence " + dir.resolve("e.pcap") + ": "), err.toString());
        assertTrue(err.toString().contains("no frame of connection"), err.toString());
    }

    @Test
    void evidenceWritesTheMatchedConnectionsFrames(@TempDir Path dir) throws Exception {
        Path pcap = SegmentPcap.write(dir.resolve("c.pcap"), SegmentScript.between(Fixtures.CLIENT, Fixtures.SERVER)
                .client("S").server("SA").client("A").client("PA", 14).server("A").server("PA", 39).client("A")
                .client("RA").segments());
        int status = explain(reports(Fixtures.of(DiagnosisCode.RST_UNREAD_DATA)), pcap.toString(),
                "--error", "read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer",
                "--evidence", dir.resolve("e.pcap").toString());
        assertEquals(0, status, err.toString());
        assertEquals("tcpwhy explain: wrote 8 frames of connection #1 to " + dir.resolve("e.pcap") + "\n",
                err.toString().replace("\r\n", "\n"));
    }

    @Test
    void malformedCaptureExitsThreeWithOneLine() {
        int status = explain((file, sink) -> {
            throw new CaptureFormatException(file.toString(), 0, "magic 0x00000000 is not pcap or pcapng");
        }, "c.pcap", "--port", "80");
        assertEquals(3, status);
        assertEquals("tcpwhy: c.pcap: byte 0: magic 0x00000000 is not pcap or pcapng\n",
                err.toString().replace("\r\n", "\n"));
    }
}
