package io.tcpwhy.decode;

import io.tcpwhy.decode.DecodeResult.Skip;
import java.nio.ByteBuffer;

/** The IPv6 header (RFC 8200 §3) and its extension header chain (RFC 8200 §4) up to TCP. */
final class Ipv6Decoder {

    static final int VERSION = 6;
    static final int HEADER = 40;
    static final int PAYLOAD_LENGTH = 4;
    static final int NEXT_HEADER = 6;
    static final int HOP_LIMIT = 7;         // RFC 8200 §3
    static final int SOURCE = 8;
    static final int DESTINATION = 24;

    // IANA protocol numbers of the extension headers and of the chain's ends.
    static final int HOP_BY_HOP = 0;        // RFC 8200 §4.3
    static final int TCP = 6;
    static final int ROUTING = 43;          // RFC 8200 §4.4
    static final int FRAGMENT = 44;         // RFC 8200 §4.5
    static final int ESP = 50;              // RFC 4303: encrypted, nothing to read behind it
    static final int AUTHENTICATION = 51;   // RFC 4302
    static final int NO_NEXT_HEADER = 59;   // RFC 8200 §4.7
    static final int DESTINATION_OPTIONS = 60; // RFC 8200 §4.6
    static final int MOBILITY = 135;        // RFC 6275 §6.1
    static final int HIP = 139;             // RFC 7401 §5.1
    static final int SHIM6 = 140;           // RFC 5533 §5.1

    /** Every extension header starts with Next Header (1) and Hdr Ext Len (1). */
    static final int EXT_NEXT_HEADER = 0;
    static final int EXT_LENGTH = 1;
    static final int EXT_MIN = 2;
    /** RFC 8200 §4.3: Hdr Ext Len counts 8-octet units, not including the first 8 octets. */
    static final int EXT_UNIT = 8;
    /** RFC 4302 §2.2: AH's Payload Len counts 4-octet units, minus 2. */
    static final int AH_UNIT = 4;
    static final int AH_LENGTH_BIAS = 2;
    /** RFC 8200 §4.5: the fragment header is 8 octets; offset (13 bits) and M flag share bytes 2-3. */
    static final int FRAGMENT_HEADER = 8;
    static final int FRAGMENT_OFFSET_FIELD = 2;
    static final int FRAGMENT_OFFSET_SHIFT = 3;
    static final int FRAGMENT_MORE = 0x0001;

    /**
     * RFC 8200 §4.1 lets each extension header occur once (destination options twice), so a
     * real chain is under ten long; the cap bounds the work of a hostile one.
     */
    static final int MAX_EXTENSION_HEADERS = 16;

    private Ipv6Decoder() {
    }

    static DecodeResult decode(long frame, long timeNanos, ByteBuffer buf, int ip, int end, Tunnel enclosing) {
        if (ip + HEADER > end) {
            return Skip.TRUNCATED;
        }
        int payloadLength = Bytes.u16(buf, ip + PAYLOAD_LENGTH);
        // 0 is a jumbogram (RFC 2675) or a TSO/GSO super-packet seen before segmentation:
        // either way the capture is the only length there is.
        boolean lengthClaimed = payloadLength != 0;
        int ipEnd = lengthClaimed ? ip + HEADER + payloadLength : end;
        int next = Bytes.u8(buf, ip + NEXT_HEADER);
        int pos = ip + HEADER;
        for (int headers = 0; next != TCP; headers++) {
            if (!isExtension(next)) {
                if (Tunnels.mayCarry(next)) {
                    return Tunnels.fromIp(frame, timeNanos, buf, ip, true, next, pos, ipEnd, end, enclosing);
                }
                // ESP, No Next Header, ICMPv6 and everything else.
                return Skip.NON_TCP;
            }
            if (headers == MAX_EXTENSION_HEADERS) {
                return Skip.MALFORMED;
            }
            int length;
            if (next == FRAGMENT) {
                length = FRAGMENT_HEADER;
            } else {
                if (lengthClaimed && pos + EXT_MIN > ipEnd) {
                    return Skip.MALFORMED;
                }
                if (pos + EXT_MIN > end) {
                    return Skip.TRUNCATED;
                }
                int units = Bytes.u8(buf, pos + EXT_LENGTH);
                length = next == AUTHENTICATION
                        ? (units + AH_LENGTH_BIAS) * AH_UNIT
                        : (units + 1) * EXT_UNIT;
            }
            if (lengthClaimed && pos + length > ipEnd) {
                return Skip.MALFORMED;
            }
            if (pos + length > end) {
                return Skip.TRUNCATED;
            }
            int following = Bytes.u8(buf, pos + EXT_NEXT_HEADER);
            if (next == FRAGMENT) {
                int field = Bytes.u16(buf, pos + FRAGMENT_OFFSET_FIELD);
                boolean atomic = (field >>> FRAGMENT_OFFSET_SHIFT) == 0 && (field & FRAGMENT_MORE) == 0;
                if (!atomic) {
                    // Count only fragments that may hold TCP; a fragmented UDP datagram is just not TCP.
                    return following == TCP || isExtension(following) ? Skip.IP_FRAGMENT : Skip.NON_TCP;
                }
            }
            next = following;
            pos += length;
        }
        return TcpDecoder.decode(frame, timeNanos, buf, ip, true, pos, ipEnd, lengthClaimed, end, enclosing);
    }

    /** Headers the chain walks through; ESP and No Next Header end it. */
    static boolean isExtension(int protocol) {
        return switch (protocol) {
            case HOP_BY_HOP, ROUTING, FRAGMENT, DESTINATION_OPTIONS, AUTHENTICATION, MOBILITY, HIP, SHIM6 -> true;
            default -> false;
        };
    }
}
