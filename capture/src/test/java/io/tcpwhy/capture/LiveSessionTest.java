package io.tcpwhy.capture;

import static io.tcpwhy.capture.LiveCaptureRule.live;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.ConnectionReport;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A live session end to end on loopback: libpcap's frames read straight into the ring
 * ({@link RingReader}), analysed in place, explained. What the direct read could get wrong
 * shows here: a frame lost, its bytes or its time taken from another frame.
 */
class LiveSessionTest {

    private static final int CONNECTIONS = 5;
    private static final int PAYLOAD = 100;

    @Test
    void shortConnections_eachExplainedWithItsOwnTimesBytesAndEveryFrameCounted() throws Exception {
        List<ConnectionReport> reports = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, CONNECTIONS, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            CaptureOptions options = new CaptureOptions(CaptureOptions.LOOPBACK, CaptureOptions.tcpPortFilter(port),
                    CaptureOptions.HEADER_SNAP_LENGTH, null, CaptureOptions.DEFAULT_BUFFER_BYTES, false);
            long before = LiveClock.SYSTEM.epochNanos();
            LiveSession session = live(() -> LiveSession.start(options, FileRotation.NONE, LiveSession.Settings.DEFAULT,
                    reports::add));
            CaptureStatistics stats;
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                         Socket server = listener.accept()) {
                        client.getOutputStream().write(new byte[PAYLOAD]);
                        client.shutdownOutput();
                        InputStream in = server.getInputStream();
                        assertEquals(PAYLOAD, in.readAllBytes().length);
                    }
                    Thread.sleep(20);
                }
            } finally {
                stats = session.stop();
            }
            long after = LiveClock.SYSTEM.epochNanos();

            assertFalse(stats.hasDrops(), stats.describe());
            assertEquals(stats.kernelReceived(), 2 * stats.captured(), "every frame read once (loopback: counted twice): "
                    + stats.describe());
            assertEquals(CONNECTIONS, reports.size(), reports.toString());
            assertEquals(CONNECTIONS, reports.stream().mapToLong(ConnectionReport::startNanos).distinct().count(),
                    "each connection its own start time: " + reports.stream().map(r -> r.startNanos() + ".." + r.endNanos()).toList());
            for (ConnectionReport r : reports) {
                assertTrue(r.startNanos() >= before && r.endNanos() <= after && r.startNanos() < r.endNanos(),
                        "times within the test's wall clock and in order: " + r.startNanos() + ".." + r.endNanos()
                                + " not in " + before + ".." + after);
                assertEquals(PAYLOAD, r.clientBytes(), "payload length from the IP header of a header-only frame");
                assertEquals(port, r.server().port());
            }
        }
    }

    @Test
    void stopOnAPortThatIsNeverQuiet_endsAndExplainsWhatItSaw() throws Exception {
        List<ConnectionReport> reports = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            CaptureOptions options = new CaptureOptions(CaptureOptions.LOOPBACK, CaptureOptions.tcpPortFilter(port),
                    CaptureOptions.HEADER_SNAP_LENGTH, null, CaptureOptions.DEFAULT_BUFFER_BYTES, false);
            LiveSession session = live(() -> LiveSession.start(options, FileRotation.NONE, LiveSession.Settings.DEFAULT,
                    reports::add));
            // Traffic that goes on through the stop and well past it: a connection every few ms
            // for up to 30 s (the stop used to drain until the port was quiet, then fail after 10 s).
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread traffic = new Thread(() -> {
                long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (!done.get() && System.nanoTime() < end) {
                    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                         Socket server = listener.accept()) {
                        client.getOutputStream().write(new byte[PAYLOAD]);
                        Thread.sleep(2);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "never-quiet-traffic");
            traffic.start();
            CaptureStatistics stats;
            long stopNanos;
            try {
                Thread.sleep(1_000);
                long before = System.nanoTime();
                stats = session.stop();
                stopNanos = System.nanoTime() - before;
            } finally {
                done.set(true);
                traffic.join();
            }
            assertTrue(stats.captured() > 0, stats.describe());
            assertFalse(reports.isEmpty(), "what was seen is explained");
            assertTrue(stopNanos < java.util.concurrent.TimeUnit.SECONDS.toNanos(LiveCapture.DRAIN_MAX_MILLIS / 1000 + 4),
                    "the stop ends although the traffic goes on: " + stopNanos / 1_000_000 + " ms");
        }
    }
}
