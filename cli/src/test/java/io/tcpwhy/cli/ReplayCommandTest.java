package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCaptureRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    private static final Path SAMPLES = Path.of("..", "samples");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int tcpwhy(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static String sample(String name) {
        return SAMPLES.resolve(name + ".pcap").toString();
    }

    @Test
    void dryRunPrintsTheStepsWithoutConnecting() {
        int status = tcpwhy("replay", sample("half_close"), "--dry-run");
        assertEquals(ExitStatus.OK, status, err.toString());
        String text = out.toString();
        assertTrue(text.contains("send 12 bytes"), text);
        assertTrue(text.contains("shutdownOutput (FIN, keep reading)"), text);
        assertTrue(text.contains("wait for 7 bytes from the peer"), text);
        assertTrue(text.contains("recorded ending: HALF_CLOSE, client FIN"), text);
    }

    @Test
    void anExportedScriptIsWhatDashDashScriptPlays() throws Exception {
        Path script = dir.resolve("leak.json");
        assertEquals(ExitStatus.OK, tcpwhy("replay", sample("close_wait_leak"), "--as", "server",
                "--export-script", script.toString()));
        assertTrue(Files.readString(script).contains("\"how\" : \"stay_open\""));
        out.getBuffer().setLength(0);
        assertEquals(ExitStatus.OK, tcpwhy("replay", "--script", script.toString(), "--dry-run"));
        assertTrue(out.toString().contains("stays open"), out.toString());
    }

    @Test
    void severalConnectionsWithoutAChoiceIsBadInputOnOneLine() {
        int status = tcpwhy("replay", sample("connect_timeout_backlog_full"), "--target", "127.0.0.1:9");
        assertEquals(ExitStatus.BAD_INPUT, status);
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("tcpwhy: ") && line.endsWith("choose with --conn A-B or --id N)"), line);
    }

    @Test
    void aMissingCaptureIsBadInput() {
        assertEquals(ExitStatus.BAD_INPUT, tcpwhy("replay", dir.resolve("nope.pcap").toString(), "--dry-run"));
        assertEquals("tcpwhy: " + dir.resolve("nope.pcap") + ": no such file", err.toString().strip());
    }

    @Test
    void aFileThatIsNotACaptureIsBadInputOnOneLine() throws Exception {
        Path garbage = dir.resolve("notes.txt");
        Files.writeString(garbage, "not a capture at all\n");
        assertEquals(ExitStatus.BAD_INPUT, tcpwhy("replay", garbage.toString(), "--target", "127.0.0.1:9"));
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("tcpwhy: " + garbage + ": ") && line.contains("expected a pcap magic"), line);
    }

    @Test
    void theServerSideOfARefusedConnectionIsBadInput() {
        assertEquals(ExitStatus.BAD_INPUT, tcpwhy("replay", sample("connection_refused"), "--as", "server",
                "--listen", "0"));
        assertTrue(err.toString().contains("the server never accepted (handshake refused)"), err.toString());
    }

    @Test
    void aBrokenScriptIsBadInput() throws Exception {
        Path script = dir.resolve("broken.json");
        Files.writeString(script, "[1, 2]");
        assertEquals(ExitStatus.BAD_INPUT, tcpwhy("replay", "--script", script.toString(), "--dry-run"));
        assertEquals("tcpwhy: " + script + ": not a tcpwhy replay script (expected a JSON object)", err.toString().strip());
    }

    @Test
    void theClientNeedsATarget() {
        assertEquals(ExitStatus.USAGE, tcpwhy("replay", sample("orderly_close")));
        assertTrue(err.toString().startsWith("tcpwhy: missing --target HOST:PORT"), err.toString());
    }

    @Test
    void anUnknownExpectedCodeIsAUsageError() {
        assertEquals(ExitStatus.USAGE, tcpwhy("replay", sample("orderly_close"), "--expect", "FINE", "--dry-run"));
        assertTrue(err.toString().contains("unknown diagnosis code 'FINE'"), err.toString());
    }

    @Test
    void aBadSpeedIsAUsageError() {
        assertEquals(ExitStatus.USAGE, tcpwhy("replay", sample("orderly_close"), "--speed", "0", "--dry-run"));
        assertTrue(err.toString().contains("--speed 0.0 (expected a number above 0)"), err.toString());
    }

    /** The fixed server of the CLOSE_WAIT ticket: reads EOF and closes. */
    private static ServerSocket closingServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.getInputStream().read(new byte[4096]);
            } catch (IOException e) {
                // Closed by the test.
            }
        }, "fixed-server");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private int replayLeakAgainstFixedServer(String... extra) throws Exception {
        try (ServerSocket fixed = closingServer()) {
            String[] args = {"replay", sample("close_wait_leak"), "--target",
                "127.0.0.1:" + fixed.getLocalPort(), "--timing", "fast"};
            String[] all = new String[args.length + extra.length];
            System.arraycopy(args, 0, all, 0, args.length);
            System.arraycopy(extra, 0, all, args.length, extra.length);
            int status = tcpwhy(all);
            if (status == ExitStatus.CAPTURE_UNAVAILABLE) {
                LiveCaptureRule.unavailable(new CaptureUnavailableException(err.toString().strip()));
            }
            return status;
        }
    }

    @Test
    void theLeakReplayedAgainstAFixedServerDiffersFromTheOriginal() throws Exception {
        assertEquals(ExitStatus.FAIL_ON_MATCHED, replayLeakAgainstFixedServer(), out + "\n" + err);
        assertTrue(out.toString().contains("the replay ended differently from the original"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("diagnosis") && l.contains("CLOSE_WAIT")
                && l.contains("ORDERLY")), out.toString());
    }

    @Test
    void expectOrderlyPassesAgainstTheFixedServer() throws Exception {
        assertEquals(ExitStatus.OK, replayLeakAgainstFixedServer("--expect", "ORDERLY", "--format", "json"),
                out + "\n" + err);
        assertTrue(out.toString().contains("\"replay_diagnosis\" : \"ORDERLY\""), out.toString());
        assertTrue(out.toString().contains("\"expected_diagnosis\" : \"ORDERLY\""), out.toString());
    }

    @Test
    void markdownIsATicketSection() throws Exception {
        assertEquals(ExitStatus.FAIL_ON_MATCHED, replayLeakAgainstFixedServer("--format", "markdown"));
        assertTrue(out.toString().startsWith("## Replay of close_wait_leak.pcap as the client"), out.toString());
        assertTrue(out.toString().contains("| diagnosis | CLOSE_WAIT | ORDERLY | **no** |"), out.toString());
    }

    @Test
    void aTargetThatRefusesIsAnObservationNotACrash() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        int status = tcpwhy("replay", sample("orderly_close"), "--target", "127.0.0.1:" + port, "--timing", "fast");
        if (status == ExitStatus.CAPTURE_UNAVAILABLE) {
            LiveCaptureRule.unavailable(new CaptureUnavailableException(err.toString().strip()));
        }
        assertEquals(ExitStatus.FAIL_ON_MATCHED, status, out + "\n" + err);
        assertTrue(out.toString().contains("connect 127.0.0.1:" + port + ": Connection refused"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("diagnosis") && l.contains("REFUSED")), out.toString());
        assertEquals("", err.toString());
    }
}
