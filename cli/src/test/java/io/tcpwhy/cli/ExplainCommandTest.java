package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.explain.Fixtures;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
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
        return file -> List.of(reports);
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
    void unknownErrorTextExitsTwoListingWhatIsUnderstood() {
        assertEquals(2, main("explain", "capture.pcap", "--error", "something odd happened"));
        String e = err.toString();
        assertTrue(e.startsWith("tcpwhy: no socket error found in 'something odd happened'. Understood"), e);
        assertTrue(e.contains("connection reset by peer") && e.contains("WSAECONNRESET") && e.contains("Node.js"), e);
        assertEquals(1, e.strip().lines().count(), "one line: " + e);
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
        int status = explain(file -> {
            throw new CaptureFormatException(file.toString(), 0, "magic 0x00000000 is not pcap or pcapng");
        }, "c.pcap", "--port", "80");
        assertEquals(3, status);
        assertEquals("tcpwhy: c.pcap: byte 0: magic 0x00000000 is not pcap or pcapng\n",
                err.toString().replace("\r\n", "\n"));
    }
}
