package io.tcpwhy.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.net.Endpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Reads real events from this kernel for loopback sockets of the test's own. Needs root and
 * tracefs; see {@link KernelRule}.
 */
class KernelEventsLiveTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void refusedConnect_kernelSaysNoSocketResetAndErrno111ThenTheInstanceIsGone() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        List<KernelEvent> seen = new CopyOnWriteArrayList<>();
        KernelEvents k;
        try {
            k = KernelEvents.start(Set.of(port), seen::add);
        } catch (KernelUnavailableException e) {
            KernelRule.unavailable(e);
            return;
        }
        assertTrue(Files.isDirectory(k.instanceDir()), k.instanceDir().toString());
        long wallBefore = nowNanos();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 1000);
        } catch (ConnectException expected) {
            // Refused: the point of the test.
        }
        long wallAfter = nowNanos();
        KernelStatistics stats = k.stop();
        assertTrue(stats.removed(), stats.describe());
        assertFalse(Files.exists(k.instanceDir()), "instance removed: " + k.instanceDir());
        KernelEvent rst = seen.stream().filter(e -> e.type() == KernelEventType.SEND_RESET).findFirst()
                .orElseThrow(() -> new AssertionError("no tcp_send_reset in " + seen));
        assertEquals("NO_SOCKET", rst.reason());
        assertEquals(port, rst.local().port(), "the RST comes from the port nothing listens on");
        KernelEvent err = seen.stream().filter(e -> e.type() == KernelEventType.ERROR_REPORT).findFirst()
                .orElseThrow(() -> new AssertionError("no inet_sk_error_report in " + seen));
        assertEquals(111, err.errno());
        assertEquals(new Endpoint(rst.remote().address(), rst.remote().port()), err.local(), "the connecting socket");
        long wall = k.clock().wallNanos(rst.traceNanos());
        assertTrue(wall >= wallBefore - 1_000_000 && wall <= wallAfter + 1_000_000,
                "the RST's aligned time " + wall + " lies within the connect's wall-clock span ["
                        + wallBefore + ", " + wallAfter + "] (1 ms slack)");
        assertTrue(seen.stream().allMatch(e -> e.touches(port)), "only the watched port: " + seen);
    }

    @Test
    void javaCloseWithUnreadData_kernelSaysAbortOnCloseAndThePeerInCloseWaitGetsErrno32() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, LOOPBACK)) {
            int port = listener.getLocalPort();
            List<KernelEvent> seen = new CopyOnWriteArrayList<>();
            KernelEvents k;
            try {
                k = KernelEvents.start(Set.of(port), seen::add);
            } catch (KernelUnavailableException e) {
                KernelRule.unavailable(e);
                return;
            }
            Socket client = new Socket(LOOPBACK, port);
            try (Socket server = listener.accept()) {
                server.getOutputStream().write("unread".getBytes());
                Thread.sleep(50);
                client.setSoLinger(false, 0);
                // Java's close() sends FIN first (JDK 13+), then the unread data turns it into RST:
                // the peer is in CLOSE_WAIT by then, where a RST reports EPIPE (tcp_reset()).
                client.close();
                Thread.sleep(50);
                try {
                    server.getInputStream().read();
                } catch (IOException expected) {
                    // Connection reset: the point of the test.
                }
            }
            KernelStatistics stats = k.stop();
            assertEquals(0, stats.lost(), stats.describe());
            assertTrue(seen.stream().anyMatch(e -> e.type() == KernelEventType.SEND_RESET
                    && e.reason().equals("TCP_ABORT_ON_CLOSE") && e.remote().port() == port), seen.toString());
            assertTrue(seen.stream().anyMatch(e -> e.type() == KernelEventType.ERROR_REPORT && e.errno() == 32
                    && e.local().port() == port), seen.toString());
            assertTrue(seen.stream().anyMatch(e -> e.type() == KernelEventType.SET_STATE
                    && e.oldState() == KernelTcpState.TCP_SYN_RECV && e.state() == KernelTcpState.TCP_ESTABLISHED
                    && e.local().port() == port), "the accepted socket's handshake: " + seen);
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
