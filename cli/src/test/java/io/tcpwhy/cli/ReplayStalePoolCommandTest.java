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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The stale pooled connection ticket through {@code tcpwhy replay}: against a keep-alive
 * server that closes idle connections as the recorded one did (its 1 s timeout halved with
 * {@code --speed 1.25}) the replay ends as the original (exit 0); against the fix, a server whose
 * idle timeout outlasts the pool's pause, it ends ORDERLY: exit 1, or 0 with
 * {@code --expect ORDERLY}. Live: skipped with the reason where capture is impossible, failing in CI.
 */
class ReplayStalePoolCommandTest {

    private static final Path SAMPLE = Path.of("..", "samples", "stale_pooled_connection.pcap");
    /** The lab's keep-alive server's response (lab Scenarios.HTTP_RESPONSE). */
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nKeep-Alive: timeout=1\r\n\r\nok\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final String SPEED = "1.25";
    /** The recorded server's 1 s keep-alive timeout at --speed 1.25. */
    private static final int SCALED_IDLE_MILLIS = 800;
    /** The fixed server's keep-alive timeout: far past the pool's pause and the replay's wait. */
    private static final int FIXED_IDLE_MILLIS = 10_000;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Answers each request on the connection, closes it after {@code idleMillis} without one. */
    private static ServerSocket keepAliveServer(int idleMillis) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(idleMillis);
                byte[] buf = new byte[4096];
                while (s.getInputStream().read(buf) > 0) {
                    s.getOutputStream().write(RESPONSE);
                }
            } catch (SocketTimeoutException idle) {
                // The keep-alive timeout: try-with-resources closes the idle connection.
            } catch (IOException e) {
                // Closed by the test, or reset by the replay.
            }
        }, "keep-alive-server");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private int replay(int idleMillis, String... extra) throws Exception {
        try (ServerSocket server = keepAliveServer(idleMillis)) {
            String[] args = {"replay", SAMPLE.toString(), "--target", "127.0.0.1:" + server.getLocalPort(),
                "--speed", SPEED, "--wait-timeout", "1"};
            String[] all = new String[args.length + extra.length];
            System.arraycopy(args, 0, all, 0, args.length);
            System.arraycopy(extra, 0, all, args.length, extra.length);
            int status = Main.run(new PrintWriter(out), new PrintWriter(err), all);
            if (status == ExitStatus.CAPTURE_UNAVAILABLE) {
                LiveCaptureRule.unavailable(new CaptureUnavailableException(err.toString().strip()));
            }
            return status;
        }
    }

    @Test
    void againstAServerAsRecordedThePoolIsStaleAgain() throws Exception {
        assertEquals(ExitStatus.OK, replay(SCALED_IDLE_MILLIS), out + "\n" + err);
        assertTrue(out.toString().contains("the replay ended like the original"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("diagnosis")
                && l.indexOf("STALE_POOLED_CONNECTION") != l.lastIndexOf("STALE_POOLED_CONNECTION")), out.toString());
    }

    @Test
    void againstTheFixedServerItEndsOrderlyAndDiffers() throws Exception {
        assertEquals(ExitStatus.FAIL_ON_MATCHED, replay(FIXED_IDLE_MILLIS), out + "\n" + err);
        assertTrue(out.toString().contains("the replay ended differently from the original"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("diagnosis")
                && l.contains("STALE_POOLED_CONNECTION") && l.contains("ORDERLY")), out.toString());
    }

    @Test
    void expectOrderlyPassesAgainstTheFixedServer() throws Exception {
        assertEquals(ExitStatus.OK, replay(FIXED_IDLE_MILLIS, "--expect", "ORDERLY", "--format", "json"),
                out + "\n" + err);
        assertTrue(out.toString().contains("\"replay_diagnosis\" : \"ORDERLY\""), out.toString());
    }
}
