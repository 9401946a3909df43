package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCaptureRule;
import io.tcpwhy.capture.RecordedFrames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int tcpwhy(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /**
     * Starts {@code tcpwhy capture ARGS} in the background and returns once it says it is
     * capturing; skips (or in CI fails) the test when capture is impossible here.
     */
    private CompletableFuture<Integer> startCapture(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "capture";
        System.arraycopy(args, 0, command, 1, args.length);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> tcpwhy(command));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!err.toString().contains("capturing") && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (run.isDone() && run.get() == ExitStatus.CAPTURE_UNAVAILABLE) {
            LiveCaptureRule.unavailable(new CaptureUnavailableException(err.toString().strip()));
        }
        return run;
    }

    @Test
    void noSuchInterface_exitsFourWithOneLineListingTheInterfaces() {
        int status = tcpwhy("capture", "-i", "nosuch0", "--port", "80", "--count", "1");
        assertEquals(ExitStatus.CAPTURE_UNAVAILABLE, status);
        String line = err.toString().strip();
        if (line.contains("libpcap is not installed")) {
            LiveCaptureRule.unavailable(new CaptureUnavailableException(line));
        }
        assertTrue(line.startsWith("tcpwhy: no interface 'nosuch0' to capture on; available: "), line);
        assertEquals(1, line.lines().count(), "one line, no stack trace: " + line);
    }

    @Test
    void durationAndCountTogether_isAUsageError() {
        assertEquals(ExitStatus.USAGE, tcpwhy("capture", "--port", "80", "--count", "1", "--duration", "1"));
    }

    @Test
    void bufferSizeBeyondAnInt_isAUsageErrorNamingTheRange() {
        assertEquals(ExitStatus.USAGE, tcpwhy("capture", "--buffer-size", "99999G", "--count", "1"));
        String line = err.toString().strip();
        assertTrue(line.startsWith("tcpwhy: --buffer-size: buffer size 107373108658176 bytes out of range (expected"
                + " 1048576 to 1073741824)"), line);
    }

    @Test
    void stillOpenList_marksAConnectionThatLostFramesAsUnsure() {
        StringWriter lines = new StringWriter();
        CaptureCommand.Events events = new CaptureCommand.Events(r -> { }, () -> { }, new PrintWriter(lines),
                new java.util.concurrent.CountDownLatch(1));
        long s = 1_000_000_000L;
        io.tcpwhy.net.Endpoint server = io.tcpwhy.net.Endpoint.parse("127.0.0.1:8081");
        io.tcpwhy.OpenConnection lost = new io.tcpwhy.OpenConnection(7, io.tcpwhy.net.Endpoint.parse("127.0.0.1:40000"),
                server, io.tcpwhy.model.TcpState.FIN_WAIT_2, io.tcpwhy.model.TcpState.CLOSE_WAIT, 0, 0, 0, 0);
        io.tcpwhy.OpenConnection whole = new io.tcpwhy.OpenConnection(8, io.tcpwhy.net.Endpoint.parse("127.0.0.1:40001"),
                server, io.tcpwhy.model.TcpState.ESTABLISHED, io.tcpwhy.model.TcpState.ESTABLISHED, 0, 0, 0, 0);
        events.stillOpen(List.of(new io.tcpwhy.capture.StillOpen(lost, true), new io.tcpwhy.capture.StillOpen(whole, false)),
                12 * s);
        assertEquals(List.of("still open at the end (2):",
                "  #7 127.0.0.1:40000 -> 127.0.0.1:8081  client FIN_WAIT_2 for 12.0 s, server CLOSE_WAIT for 12.0 s"
                        + " (open 12.0 s); unsure: frames were lost while it was open, it may have ended unseen",
                "  #8 127.0.0.1:40001 -> 127.0.0.1:8081  client ESTABLISHED for 12.0 s, server ESTABLISHED for 12.0 s"
                        + " (open 12.0 s)"), lines.toString().lines().toList());
    }

    @Test
    void liveCapture_explainsEachConnection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            // A duration, not a frame count: the server's ACK of the client's FIN may ride on its own FIN.
            CompletableFuture<Integer> run = startCapture("--port", Integer.toString(port), "--duration", "2");
            // The client's close is the event under test, so it is explicit, not the end of a try block.
            Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
            int clientPort = client.getLocalPort();
            try (Socket accepted = listener.accept()) {
                client.close();
                assertEquals(-1, accepted.getInputStream().read(), "the server reads EOF after the client's FIN");
            } finally {
                client.close();
            }
            assertEquals(ExitStatus.OK, run.get(10, TimeUnit.SECONDS), err.toString());
            String report = out.toString();
            assertTrue(report.contains("127.0.0.1:" + clientPort + "       -> 127.0.0.1:" + port), report);
            assertTrue(report.contains("SF      ORDERLY"), report);
            assertTrue(report.contains("1 connection listed, 0 problems"), report);
            assertTrue(report.contains("none dropped"), report);
        }
    }

    @Test
    void count_stopsAfterThatManyFramesAndReportsStatistics() throws Exception {
        Path file = dir.resolve("three.pcap");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            // A handshake makes three frames.
            CompletableFuture<Integer> run = startCapture("--port", Integer.toString(port), "-w", file.toString(),
                    "--count", "3");
            List<Socket> open = new ArrayList<>();
            try {
                open.add(new Socket(InetAddress.getLoopbackAddress(), port));
                open.add(listener.accept());
                assertEquals(ExitStatus.OK, run.get(10, TimeUnit.SECONDS), err.toString());
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
        assertTrue(out.toString().contains("\n3 frames captured"), out.toString());
        assertTrue(out.toString().contains("none dropped"), out.toString());
        assertEquals(List.of("S", "SA", "A"),
                RecordedFrames.tcpSegments(file).stream().map(RecordedFrames.Segment::flags).toList());
    }

    @Test
    void withoutLibpcap_exitsFourNamingThePackageToInstall() throws Exception {
        // A JVM of its own: a failed libpcap load poisons pcap4j's classes for the rest of the JVM.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "capture", "--port", "80", "--count", "1")
                .redirectErrorStream(false).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the capture command returns");
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(ExitStatus.CAPTURE_UNAVAILABLE, p.exitValue(), stderr);
        assertTrue(stderr.startsWith("tcpwhy: libpcap is not installed or cannot be loaded ("), stderr);
        assertTrue(stderr.endsWith("install it with: apt-get install libpcap0.8"), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
    }
}
