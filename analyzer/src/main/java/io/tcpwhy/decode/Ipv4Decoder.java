package io.tcpwhy.decode;

import io.tcpwhy.decode.DecodeResult.Skip;
import java.nio.ByteBuffer;

/** The IPv4 header (RFC 791 §3.1): lengths, fragmentation, protocol; the checksum is not verified. */
final class Ipv4Decoder {

    static final int VERSION = 4;
    static final int MIN_HEADER = 20;
    static final int IHL_UNIT = 4;
    static final int IHL_MASK = 0x0F;
    static final int TOTAL_LENGTH = 2;
    static final int IDENTIFICATION = 4;    // RFC 791 §3.1
    static final int FLAGS_FRAGMENT_OFFSET = 6;
    static final int MORE_FRAGMENTS = 0x2000;
    static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    static final int TIME_TO_LIVE = 8;      // RFC 791 §3.1
    static final int PROTOCOL = 9;
    static final int SOURCE = 12;
    static final int DESTINATION = 16;
    /** RFC 9293 §3.1 / IANA protocol numbers. */
    static final int PROTOCOL_TCP = 6;

    private Ipv4Decoder() {
    }

    static DecodeResult decode(long frame, long timeNanos, ByteBuffer buf, int ip, int end, Tunnel enclosing) {
        if (ip + MIN_HEADER > end) {
            return Skip.TRUNCATED;
        }
        int headerLength = (Bytes.u8(buf, ip) & IHL_MASK) * IHL_UNIT;
        if (headerLength < MIN_HEADER) {
            return Skip.MALFORMED;
        }
        int totalLength = Bytes.u16(buf, ip + TOTAL_LENGTH);
        // Captured on the sending host before TSO/GSO split the packet, the length field is often
        // still 0: the frame is all there is to go by.
        boolean lengthClaimed = totalLength != 0;
        if (!lengthClaimed) {
            totalLength = end - ip;
        } else if (totalLength < headerLength) {
            return Skip.MALFORMED;
        }
        int protocol = Bytes.u8(buf, ip + PROTOCOL);
        if (protocol != PROTOCOL_TCP && !Tunnels.mayCarry(protocol)) {
            return Skip.NON_TCP;
        }
        int fragment = Bytes.u16(buf, ip + FLAGS_FRAGMENT_OFFSET);
        if ((fragment & (MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0) {
            // A fragmented UDP datagram is counted as UDP, as before tunnels: most of them are not tunnels.
            return protocol == Tunnels.PROTOCOL_UDP ? Skip.NON_TCP : Skip.IP_FRAGMENT;
        }
        if (ip + headerLength > end) {
            return Skip.TRUNCATED;
        }
        if (protocol != PROTOCOL_TCP) {
            return Tunnels.fromIp(frame, timeNanos, buf, ip, false, protocol, ip + headerLength,
                    ip + totalLength, end, enclosing);
        }
        return TcpDecoder.decode(frame, timeNanos, buf, ip, false, ip + headerLength,
                ip + totalLength, lengthClaimed, end, enclosing);
    }
}
