package io.tcpwhy.capture;

import static io.tcpwhy.capture.LiveCaptureRule.live;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.pcap.LinkType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveCaptureTest {

    @TempDir
    Path dir;

    @Test
    void connectionClosedJustBeforeStop_bothFinsAreInTheFile() throws Exception {
        Path out = dir.resolve("fin.pcap");
        List<CapturedPacket> heard = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            LiveCapture capture = live(() -> LiveCapture.start(
                    CaptureOptions.loopback(CaptureOptions.tcpPortFilter(port), out), heard::add));
            CaptureStatistics stats;
            Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
            Socket server = listener.accept();
            try {
                OutputStream o = client.getOutputStream();
                o.write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                InputStream in = server.getInputStream();
                assertEquals(4, in.readNBytes(4).length);
                client.close();
                assertEquals(-1, in.read());
                server.close();
            } finally {
                // At once: no sleep between the last close and the stop.
                stats = capture.stop();
                client.close();
                server.close();
            }

            List<RecordedFrames.Segment> segments = RecordedFrames.tcpSegments(out);
            long fins = segments.stream().filter(s -> s.has('F')).count();
            assertEquals(2, fins, "both FINs in the file: " + segments);
            assertEquals(segments.size(), stats.captured(), "every written frame counted once: " + segments);
            assertEquals(segments.size(), heard.size(), "the listener heard every frame that was written");
            assertFalse(stats.hasDrops(), stats.describe());
            assertTrue(stats.loopback());
        }
    }

    @Test
    void listenerHearsFramesInFileOrderWithLinkTypeAndTimestamps() throws Exception {
        Path out = dir.resolve("order.pcap");
        List<CapturedPacket> heard = new CopyOnWriteArrayList<>();
        long before = System.currentTimeMillis() * 1_000_000L;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            LiveCapture capture = live(() -> LiveCapture.start(
                    CaptureOptions.loopback(CaptureOptions.tcpPortFilter(port), out), heard::add));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket server = listener.accept()) {
                client.getOutputStream().write(new byte[100]);
                assertEquals(100, server.getInputStream().readNBytes(100).length);
            } finally {
                capture.stop();
            }
            assertEquals(LinkType.EN10MB, capture.linkType(), "Linux loopback frames carry a zeroed Ethernet header");
            assertTrue(capture.timestampDigits() == 9 || capture.timestampDigits() == 6);
        }
        assertFalse(heard.isEmpty());
        long previous = before - 1_000_000_000L;
        for (int i = 0; i < heard.size(); i++) {
            CapturedPacket p = heard.get(i);
            assertEquals(i + 1, p.frame());
            assertTrue(p.epochNanos() >= previous, "timestamps never go back: " + heard);
            previous = p.epochNanos();
        }
        assertTrue(heard.get(0).epochNanos() >= before - 1_000_000_000L, "timestamps are wall-clock epoch nanoseconds");
        assertTrue(heard.stream().anyMatch(p -> p.originalLength() == p.data().length && p.data().length >= 14 + 20 + 20 + 100),
                "the 100-byte segment is there whole: " + heard);
        // The pcap global header is 24 bytes; each record adds a 16-byte header and its data.
        long expectedSize = 24 + heard.stream().mapToLong(p -> 16 + p.data().length).sum();
        assertEquals(expectedSize, Files.size(out), "the file holds exactly the frames the listener heard");
    }

    @Test
    void unknownInterface_isUnavailableWithTheListOfInterfaces() {
        CaptureUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(CaptureUnavailableException.class,
                () -> LiveCapture.start(CaptureOptions.loopback("", null).withInterface("nosuch0"), PacketListener.NONE));
        if (e.getMessage().startsWith("libpcap is not installed")) {
            LiveCaptureRule.unavailable(e);
        }
        assertTrue(e.getMessage().startsWith("no interface 'nosuch0' to capture on; available: "), e.getMessage());
        assertTrue(e.getMessage().contains("lo"), e.getMessage());
    }

    @Test
    void filterThatDoesNotCompile_isUnavailableNamingTheFilter() throws Exception {
        CaptureUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(CaptureUnavailableException.class,
                () -> LiveCapture.start(CaptureOptions.loopback("tcp prot 80", null), PacketListener.NONE));
        if (!e.getMessage().startsWith("the filter")) {
            LiveCaptureRule.unavailable(e);
        }
        assertTrue(e.getMessage().startsWith("the filter 'tcp prot 80' does not compile ("), e.getMessage());
    }
}
