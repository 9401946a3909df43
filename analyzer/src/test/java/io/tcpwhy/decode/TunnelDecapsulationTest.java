package io.tcpwhy.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.net.IpAddress;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.testing.SharedConformance;
import io.tcpwhy.testing.ZeekRows;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Zeek conformance trace and every recorded sample, each IP packet wrapped in each
 * encapsulation ({@link TunnelWrap}, outer headers crafted per RFC 7348, RFC 8926, RFC
 * 2784/2890, ERSPAN, RFC 2637, RFC 8086, RFC 2003/4213/2473, 3GPP TS 29.281, RFC 4380, AYIYA,
 * IEEE 802.1ah): the decoder must give the very segments of the unwrapped capture (or the same
 * skip), each with the tunnel and its outer endpoints, and the tracker the same connections with
 * the same Zeek conn_state and history.
 */
class TunnelDecapsulationTest {

    /** One frame of a capture: what the decoder made of it, and its IP packet as captured. */
    private record Frame(long number, long timeNanos, DecodeResult decoded, byte[] ip, boolean complete) {
    }

    /** Conn rows as Zeek writes them: originator, responder, conn_state, history. */
    @TestFactory
    Stream<DynamicTest> wrappedCapturesGiveTheSameSegmentsAndConnections() throws IOException {
        List<Path> captures = new ArrayList<>();
        try (Stream<Path> traces = Files.list(SharedConformance.zeek().resolve("traces"))) {
            traces.filter(p -> p.toString().endsWith(".pcap")).sorted().forEach(captures::add);
        }
        // Surefire runs in the module folder; the samples are the repository's samples/.
        Path samples = Path.of("..", "samples");
        try (Stream<Path> recorded = Files.list(samples)) {
            recorded.filter(p -> p.toString().endsWith(".pcap")).sorted().forEach(captures::add);
        }
        assertTrue(captures.size() >= 30, "conformance traces and samples found: " + captures);
        List<DynamicTest> tests = new ArrayList<>();
        int teredo = 0;
        for (Path capture : captures) {
            List<Frame> frames = frames(capture);
            for (TunnelWrap wrap : TunnelWrap.values()) {
                // Teredo carries IPv6 only: captures without it have nothing to wrap.
                if (frames.stream().noneMatch(f -> wrap.carries(f.ip, f.complete))) {
                    continue;
                }
                teredo += wrap == TunnelWrap.TEREDO ? 1 : 0;
                tests.add(DynamicTest.dynamicTest(capture.getFileName() + " in " + wrap, () -> check(frames, wrap)));
            }
        }
        assertTrue(teredo > 0, "an IPv6 capture to wrap in Teredo");
        return tests.stream();
    }

    private static void check(List<Frame> frames, TunnelWrap wrap) {
        PacketDecoder decoder = new PacketDecoder();
        List<TcpSegment> plain = new ArrayList<>();
        List<TcpSegment> wrapped = new ArrayList<>();
        int compared = 0;
        for (Frame frame : frames) {
            if (!wrap.carries(frame.ip, frame.complete)) {
                continue;
            }
            byte[] bytes = wrap.wrap(frame.ip);
            DecodeResult result = decoder.decode(frame.number, frame.timeNanos, LinkType.EN10MB,
                    ByteBuffer.wrap(bytes), 0, bytes.length);
            compared++;
            if (!(frame.decoded instanceof TcpSegment original)) {
                assertEquals(frame.decoded, result, "frame " + frame.number + " skipped as unwrapped");
                continue;
            }
            TcpSegment inner = assertInstanceOf(TcpSegment.class, result, "frame " + frame.number);
            assertEquals(original, withoutTunnel(inner), "frame " + frame.number + ": the inner segment");
            checkTunnel(wrap, inner.tunnel());
            plain.add(original);
            wrapped.add(inner);
        }
        assertTrue(compared > 0, "a frame fits " + wrap);
        List<ZeekRows.Row> expected = ZeekRows.of(plain);
        assertFalse(expected.isEmpty(), "TCP connections inside");
        assertEquals(expected, ZeekRows.of(wrapped));
    }

    private static void checkTunnel(TunnelWrap wrap, Tunnel tunnel) {
        if (wrap.type == null) {
            assertNull(tunnel, "802.1ah is a link layer, not a tunnel");
            return;
        }
        assertEquals(wrap.type, tunnel.type());
        assertNull(tunnel.enclosing());
        boolean v6 = wrap == TunnelWrap.GENEVE || wrap == TunnelWrap.GRE_CHECKSUM_OVER_IPV6 || wrap == TunnelWrap.IP_IN_IPV6;
        IpAddress source = IpAddress.of(v6 ? TunnelWrap.OUTER_V6_SOURCE : TunnelWrap.OUTER_V4_SOURCE);
        IpAddress destination = IpAddress.of(v6 ? TunnelWrap.OUTER_V6_DESTINATION : TunnelWrap.OUTER_V4_DESTINATION);
        assertEquals(source, tunnel.source().address());
        assertEquals(destination, tunnel.destination().address());
        int destinationPort = switch (wrap) {
            case VXLAN -> 4789;
            case GENEVE, GENEVE_IP -> 6081;
            case GRE_IN_UDP -> 4754;
            case GTP_U -> 2152;
            case TEREDO -> 40000;
            case AYIYA -> 5072;
            default -> 0;
        };
        assertEquals(destinationPort, tunnel.destination().port());
    }

    private static TcpSegment withoutTunnel(TcpSegment s) {
        return new TcpSegment(s.frame(), s.timeNanos(), s.src(), s.dst(), s.seq(), s.ack(), s.flags(), s.window(),
                s.payloadLength(), s.capturedPayload(), s.ipLength(), s.ttl(), s.ipId(), s.options());
    }

    private static List<Frame> frames(Path capture) throws IOException {
        PacketDecoder decoder = new PacketDecoder();
        List<Frame> frames = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next()) {
                ByteBuffer buf = reader.buffer();
                int offset = reader.dataOffset();
                int end = offset + reader.capturedLength();
                long located = LinkLayer.locate(reader.linkType(), buf, offset, end);
                if (LinkLayer.isSkip(located) || LinkLayer.ipOffset(located) >= end) {
                    continue;
                }
                int ip = LinkLayer.ipOffset(located);
                int version = (buf.get(ip) & 0xFF) >>> 4;
                if (version != 4 && version != 6) {
                    continue;
                }
                byte[] packet = new byte[end - ip];
                buf.get(ip, packet);
                DecodeResult decoded = decoder.decode(reader.frameNumber(), reader.timestampNanos(), reader.linkType(),
                        buf, offset, reader.capturedLength());
                frames.add(new Frame(reader.frameNumber(), reader.timestampNanos(), decoded, packet,
                        complete(packet)));
            }
        }
        return frames;
    }

    /** Whether the IP packet was captured to the length its header claims. */
    private static boolean complete(byte[] ip) {
        if (ip.length < 6) {
            return false;
        }
        int claimed = ((ip[2] & 0xFF) << 8 | (ip[3] & 0xFF));
        if (TunnelWrap.version(ip) == 6) {
            claimed = 40 + ((ip[4] & 0xFF) << 8 | (ip[5] & 0xFF));
        }
        return claimed != 0 && claimed <= ip.length;
    }
}
