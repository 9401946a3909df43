package io.tcpwhy.decode;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.nio.ByteBuffer;

/** The TCP header (RFC 9293 §3.1) and the segment handed to the tracker. */
final class TcpDecoder {

    static final int SOURCE_PORT = 0;
    static final int DESTINATION_PORT = 2;
    static final int SEQUENCE = 4;
    static final int ACKNOWLEDGMENT = 8;
    static final int DATA_OFFSET = 12;
    static final int DATA_OFFSET_SHIFT = 4;
    static final int DATA_OFFSET_UNIT = 4;
    static final int FLAGS = 13;
    static final int WINDOW = 14;
    static final int MIN_HEADER = 20;

    private TcpDecoder() {
    }

    /**
     * Decodes the TCP header at {@code tcp} of the IP packet {@code buf[ip, ipEnd)}, of
     * which {@code buf[ip, end)} was captured.
     *
     * @param lengthClaimed whether {@code ipEnd} comes from the IP header's length field;
     *                      when it does not (TSO/GSO, jumbograms), {@code ipEnd == end}
     *                      and a header cut short is a snap-length cut, not a contradiction
     * @param tunnel        the tunnel the packet arrived in, or null
     */
    static DecodeResult decode(long frame, long timeNanos, ByteBuffer buf, int ip, boolean v6,
                               int tcp, int ipEnd, boolean lengthClaimed, int end, Tunnel tunnel) {
        if (lengthClaimed && tcp + MIN_HEADER > ipEnd) {
            return Skip.MALFORMED;
        }
        if (tcp + MIN_HEADER > end) {
            return Skip.TRUNCATED;
        }
        int headerLength = (Bytes.u8(buf, tcp + DATA_OFFSET) >>> DATA_OFFSET_SHIFT) * DATA_OFFSET_UNIT;
        if (headerLength < MIN_HEADER || (lengthClaimed && tcp + headerLength > ipEnd)) {
            return Skip.MALFORMED;
        }
        int capturedEnd = Math.min(end, ipEnd);
        int payloadStart = tcp + headerLength;
        int payloadLength = Math.max(0, ipEnd - payloadStart);
        int capturedPayload = Math.max(0, Math.min(capturedEnd - payloadStart, payloadLength));
        TcpOptions options = TcpOptionParser.parse(buf, tcp + MIN_HEADER, Math.min(payloadStart, capturedEnd));

        IpAddress src;
        IpAddress dst;
        int ttl;
        int ipId;
        if (v6) {
            ttl = Bytes.u8(buf, ip + Ipv6Decoder.HOP_LIMIT);
            ipId = TcpSegment.NO_IP_ID;
            src = IpAddress.v6(Bytes.u64(buf, ip + Ipv6Decoder.SOURCE), Bytes.u64(buf, ip + Ipv6Decoder.SOURCE + 8));
            dst = IpAddress.v6(Bytes.u64(buf, ip + Ipv6Decoder.DESTINATION), Bytes.u64(buf, ip + Ipv6Decoder.DESTINATION + 8));
        } else {
            ttl = Bytes.u8(buf, ip + Ipv4Decoder.TIME_TO_LIVE);
            ipId = Bytes.u16(buf, ip + Ipv4Decoder.IDENTIFICATION);
            src = IpAddress.v4(Bytes.i32(buf, ip + Ipv4Decoder.SOURCE));
            dst = IpAddress.v4(Bytes.i32(buf, ip + Ipv4Decoder.DESTINATION));
        }
        return new TcpSegment(frame, timeNanos,
                new Endpoint(src, Bytes.u16(buf, tcp + SOURCE_PORT)),
                new Endpoint(dst, Bytes.u16(buf, tcp + DESTINATION_PORT)),
                Bytes.u32(buf, tcp + SEQUENCE), Bytes.u32(buf, tcp + ACKNOWLEDGMENT),
                Bytes.u8(buf, tcp + FLAGS), Bytes.u16(buf, tcp + WINDOW),
                payloadLength, capturedPayload, ipEnd - ip, ttl, ipId, options, tunnel);
    }
}
