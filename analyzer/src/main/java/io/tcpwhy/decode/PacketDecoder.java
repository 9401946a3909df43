package io.tcpwhy.decode;

import io.tcpwhy.decode.DecodeResult.Skip;
import java.nio.ByteBuffer;

/**
 * Decodes captured frames down to TCP segments: link layer ({@link io.tcpwhy.pcap.LinkType}),
 * IPv4 or IPv6, TCP; through the tunnels Zeek decapsulates ({@link TunnelType}), up to
 * {@link Tunnels#MAX_DEPTH} deep, to the inner segment. Holds no state, so one instance may
 * serve any number of threads.
 *
 * <p>Checksums are not verified: captures taken on the sending host (loopback above all)
 * carry checksums the NIC was meant to fill in. Lengths come from the IP header, never
 * from the frame length, so Ethernet padding is not payload and a snap-length cut does not
 * shrink a segment's sequence space.
 */
public final class PacketDecoder {

    public PacketDecoder() {
    }

    /**
     * Decodes the frame at {@code buf[offset, offset + capturedLength)}. Reads by absolute
     * index, never moves the buffer's position or limit, does not depend on its byte order.
     * A skipped frame costs no allocation.
     *
     * @param frame     the 1-based frame number, copied into the segment
     * @param timeNanos the capture timestamp, copied into the segment
     * @param linkType  the interface's link type, a {@link io.tcpwhy.pcap.LinkType} number
     * @return the segment, or why there is none
     * @throws IllegalArgumentException if the range lies outside {@code buf}'s limit (a caller's bug, not bad input)
     */
    public DecodeResult decode(long frame, long timeNanos, int linkType, ByteBuffer buf, int offset, int capturedLength) {
        if (offset < 0 || capturedLength < 0 || offset > buf.limit() - capturedLength) {
            throw new IllegalArgumentException("frame " + frame + " at " + offset + " length " + capturedLength
                    + " (expected inside the buffer's limit " + buf.limit() + ")");
        }
        return fromLink(frame, timeNanos, linkType, buf, offset, offset + capturedLength, null);
    }

    /**
     * The frame at {@code buf[offset, end)} from its link-layer header on; also the inner
     * Ethernet frame of a tunnel ({@code enclosing} is then that tunnel).
     */
    static DecodeResult fromLink(long frame, long timeNanos, int linkType, ByteBuffer buf, int offset, int end,
                                 Tunnel enclosing) {
        long located = LinkLayer.locate(linkType, buf, offset, end);
        if (LinkLayer.isSkip(located)) {
            return LinkLayer.skipOf(located);
        }
        return fromIp(frame, timeNanos, buf, LinkLayer.ipOffset(located), end, LinkLayer.expectation(located), enclosing);
    }

    /**
     * The IP packet at {@code ip}, of which {@code buf[ip, end)} was captured; {@code expected}
     * is the version the layer below announced ({@link LinkLayer#EXPECT_ANY} and friends).
     */
    static DecodeResult fromIp(long frame, long timeNanos, ByteBuffer buf, int ip, int end, int expected,
                               Tunnel enclosing) {
        if (ip >= end) {
            return Skip.TRUNCATED;
        }
        int version = Bytes.u8(buf, ip) >>> 4;
        boolean any = expected == LinkLayer.EXPECT_ANY || expected == LinkLayer.EXPECT_IP_OR_OTHER;
        if (version == Ipv4Decoder.VERSION && (any || expected == LinkLayer.EXPECT_V4)) {
            return Ipv4Decoder.decode(frame, timeNanos, buf, ip, end, enclosing);
        }
        if (version == Ipv6Decoder.VERSION && (any || expected == LinkLayer.EXPECT_V6)) {
            return Ipv6Decoder.decode(frame, timeNanos, buf, ip, end, enclosing);
        }
        return expected == LinkLayer.EXPECT_IP_OR_OTHER ? Skip.NON_TCP : Skip.MALFORMED;
    }
}
