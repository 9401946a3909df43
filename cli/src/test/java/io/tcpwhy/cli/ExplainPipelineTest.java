package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.explain.MermaidCheck;
import io.tcpwhy.testing.SegmentPcap;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.testing.SegmentScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpwhy explain} end to end on captures written here: the seed experiments as
 * pcap files, analyzed by the real pipeline. Tagged {@code pipeline}: passes once
 * {@link io.tcpwhy.Analyzer} is wired.
 */
@Tag("pipeline")
class ExplainPipelineTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int main(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** Seed 003 on Linux: the client sends 14 bytes, the server answers 39, the client closes without reading. */
    private Path unreadReply() throws IOException {
        return write("unread.pcap", SegmentScript.between("10.0.0.9:56795", "10.0.0.5:20003")
                .client("S").server("SA").client("A")
                .at(0.014).client("PA", 14).server("A").server("PA", 39).client("A")
                .at(1.014).client("RA").segments());
    }

    /** Seed 000: the client closes, five seconds later the server writes and gets a RST. */
    private Path writeAfterClose() throws IOException {
        return write("late.pcap", SegmentScript.between("127.0.0.1:64124", "127.0.0.1:8081")
                .client("S").server("SA").client("A")
                .at(0.1).client("FA").server("A")
                .at(5.1).server("PA", 1024).client("R").segments());
    }

    private Path refused() throws IOException {
        return write("refused.pcap", SegmentScript.between("127.0.0.1:40000", "127.0.0.1:8080")
                .client("S").server("RA").segments());
    }

    @Test
    void goReadResetIsTracedToTheClientsResetWithUnreadData() throws Exception {
        Path pcap = unreadReply();
        int status = main("explain", pcap.toString(), "--error",
                "read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer");
        assertEquals(0, status, err.toString());
        String t = out.toString();
        assertTrue(t.startsWith("Why did the server's read fail with ECONNRESET?"), t);
        assertTrue(t.contains("diagnosis   RST_UNREAD_DATA"), t);
        assertTrue(t.contains("logged by   the server (10.0.0.5:20003)"), t);
        assertTrue(t.contains("segment     client -> server frame 8 +1.014s RST"), t);
    }

    @Test
    void goBrokenPipeIsTracedToTheResetOfDataAfterClose() throws Exception {
        int status = main("explain", writeAfterClose().toString(), "--error",
                "2019/04/17 16:08:18 0 write tcp 127.0.0.1:8081->127.0.0.1:64124: write: broken pipe");
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("diagnosis   RST_AFTER_CLOSE"), out.toString());
        assertTrue(out.toString().contains("when read returns EOF, stop writing and close"), out.toString());
    }

    @Test
    void evidenceOptionWritesTheConnectionsPacketsToAPcap() throws Exception {
        Path evidence = dir.resolve("evidence.pcap");
        int status = main("explain", unreadReply().toString(), "--conn", "10.0.0.9:56795-10.0.0.5:20003",
                "--evidence", evidence.toString());
        assertEquals(0, status, err.toString());
        assertTrue(err.toString().startsWith("tcpwhy explain: wrote 8 frames of connection #1 to "), err.toString());
        try (CaptureReader in = CaptureReader.open(evidence)) {
            int frames = 0;
            while (in.next()) {
                frames++;
            }
            assertEquals(8, frames);
        }
    }

    @Test
    void dialRefusedFindsTheRefusedConnect() throws Exception {
        assertEquals(0, main("explain", refused().toString(), "--error", "dial tcp 127.0.0.1:8080: connect: connection refused"),
                err.toString());
        assertTrue(out.toString().startsWith("Why did the client's connect fail with ECONNREFUSED?"), out.toString());
    }

    @Test
    void resetTextOnACaptureWithoutResetExitsOne() throws Exception {
        assertEquals(1, main("explain", refused().toString(), "--error", "java.net.SocketTimeoutException: Read timed out"));
        assertTrue(out.toString().contains("Nearest connections:"), out.toString());
    }

    @Test
    void markdownReportsLadderParsesWithMermaid() throws Exception {
        MermaidCheck.assumeAvailable();
        List<String> diagrams = new ArrayList<>();
        for (Path pcap : List.of(unreadReply(), writeAfterClose(), refused())) {
            out.getBuffer().setLength(0);
            assertEquals(0, main("explain", pcap.toString(), "--conn", connOf(pcap), "--format", "markdown"),
                    err.toString());
            Matcher m = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL).matcher(out.toString());
            assertTrue(m.find(), out.toString());
            diagrams.add(m.group(1));
        }
        assertEquals(List.of(), MermaidCheck.failures(diagrams));
    }

    private static String connOf(Path pcap) {
        String name = pcap.getFileName().toString();
        return name.startsWith("unread") ? "10.0.0.9:56795-10.0.0.5:20003"
                : name.startsWith("late") ? "127.0.0.1:64124-127.0.0.1:8081" : "127.0.0.1:40000-127.0.0.1:8080";
    }

    private Path write(String name, List<TcpSegment> segments) throws IOException {
        return SegmentPcap.write(dir.resolve(name), segments);
    }
}
