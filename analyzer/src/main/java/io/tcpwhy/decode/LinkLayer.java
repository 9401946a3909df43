package io.tcpwhy.decode;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.pcap.LinkType;
import java.nio.ByteBuffer;

/**
 * Finds where the IP header starts behind a link-layer header, and which IP version the
 * link layer announced. The answer is packed into one {@code long} so that the hot path
 * allocates nothing: see {@link #at}, {@link #skip}, {@link #ipOffset}, {@link #expectation}.
 */
final class LinkLayer {

    /** The link layer names no version: the IP version nibble decides, anything else is malformed. */
    static final int EXPECT_ANY = 0;
    static final int EXPECT_V4 = 4;
    static final int EXPECT_V6 = 6;
    /**
     * Behind an MPLS label stack the payload may be IPv4, IPv6 or something else entirely
     * (an Ethernet pseudowire's control word starts with nibble 0): no nibble is malformed.
     */
    static final int EXPECT_IP_OR_OTHER = 1;

    // IEEE 802.3 clause 3.2: destination MAC (6), source MAC (6), EtherType or length (2).
    static final int ETHERNET_TYPE = 12;
    static final int ETHERNET_HEADER = 14;
    /** IEEE 802.3 clause 3.2.6: values from 0x0600 up are EtherTypes, below are 802.3 lengths. */
    static final int ETHERTYPE_MIN = 0x0600;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    // IEEE 802.1Q C-tag, IEEE 802.1ad S-tag, and the pre-standard Q-in-Q value some switches still send.
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    static final int ETHERTYPE_QINQ_LEGACY = 0x9100;
    // RFC 3032 §5: MPLS unicast and multicast.
    static final int ETHERTYPE_MPLS = 0x8847;
    static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    // IEEE 802.1ah (802.1Q-2018 clause 6.11): Provider Backbone Bridging's I-TAG, usually behind a B-TAG (0x88A8).
    static final int ETHERTYPE_PBB_ITAG = 0x88E7;
    // RFC 2516 §4: PPPoE session stage.
    static final int ETHERTYPE_PPPOE_SESSION = 0x8864;

    /** IEEE 802.1Q §9.6: a tag is TPID (2, already read as the EtherType) + TCI (2), then the inner EtherType. */
    static final int VLAN_TAG = 4;
    static final int VLAN_INNER_TYPE = 2;

    /**
     * IEEE 802.1ah: after the I-TAG's EtherType, the I-TAG TCI (priority, drop eligible, use
     * customer addresses, reserved, 24-bit I-SID: 4 bytes), then the customer's own Ethernet
     * header: destination (6) and source (6) MAC, and its EtherType, which the loop follows.
     */
    static final int PBB_ITAG_TCI = 4;
    static final int PBB_CUSTOMER_ADDRESSES = 12;
    static final int PBB_INNER_TYPE = PBB_ITAG_TCI + PBB_CUSTOMER_ADDRESSES;
    static final int PBB_HEADER = PBB_INNER_TYPE + 2;

    /** RFC 3032 §2.1: a label stack entry is 32 bits, bottom-of-stack bit S is bit 23 (in byte 2). */
    static final int MPLS_LABEL = 4;
    static final int MPLS_BOTTOM_BYTE = 2;
    static final int MPLS_BOTTOM_BIT = 0x01;

    /** RFC 2516 §4: version/type, code, session id, length (6), then the PPP protocol (RFC 1661 §2, 2 bytes). */
    static final int PPPOE_HEADER = 6;
    static final int PPP_PROTOCOL_LENGTH = 2;
    static final int PPP_IPV4 = 0x0021; // RFC 1332
    static final int PPP_IPV6 = 0x0057; // RFC 5072

    /**
     * Tags and labels in front of one IP header. Real networks stack two or three; the cap
     * bounds the work a hostile frame made of tags can cause.
     */
    static final int MAX_LINK_TAGS = 16;

    // NULL/LOOP: a 4-byte address family, host order for NULL, network order for LOOP (tcpdump.org LINKTYPE_NULL/LOOP).
    static final int LOOPBACK_HEADER = 4;
    static final int AF_INET = 2;
    static final int AF_INET6_LINUX = 10;
    static final int AF_INET6_NETBSD_OPENBSD = 24;
    static final int AF_INET6_FREEBSD = 28;
    static final int AF_INET6_DARWIN = 30;
    /** Address families fit in 16 bits; a larger value read in one byte order is the other order. */
    static final long AF_MAX = 0xFFFF;

    // LINUX_SLL (tcpdump.org sll.h): packet type, ARPHRD, address length, 8-byte address, protocol.
    static final int SLL_PROTOCOL = 14;
    static final int SLL_HEADER = 16;
    // LINUX_SLL2 (tcpdump.org sll.h): protocol, reserved, interface index, ARPHRD, packet type, address length, 8-byte address.
    static final int SLL2_PROTOCOL = 0;
    static final int SLL2_HEADER = 20;

    private static final Skip[] SKIPS = Skip.values();
    private static final int EXPECTATION_SHIFT = 32;

    private LinkLayer() {
    }

    /**
     * Where the IP header of the frame at {@code buf[offset, end)} starts, packed with the
     * version the link layer announced; or a packed {@link Skip}.
     */
    static long locate(int linkType, ByteBuffer buf, int offset, int end) {
        return switch (linkType) {
            case LinkType.EN10MB -> ethernet(buf, offset, end);
            case LinkType.NULL -> loopback(buf, offset, end, true);
            case LinkType.LOOP -> loopback(buf, offset, end, false);
            case LinkType.LINUX_SLL -> cooked(buf, offset, end, SLL_PROTOCOL, SLL_HEADER);
            case LinkType.LINUX_SLL2 -> cooked(buf, offset, end, SLL2_PROTOCOL, SLL2_HEADER);
            case LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14 -> at(offset, EXPECT_ANY);
            case LinkType.IPV4 -> at(offset, EXPECT_V4);
            case LinkType.IPV6 -> at(offset, EXPECT_V6);
            default -> skip(Skip.UNSUPPORTED_LINK);
        };
    }

    private static long ethernet(ByteBuffer buf, int offset, int end) {
        if (offset + ETHERNET_HEADER > end) {
            return skip(Skip.TRUNCATED);
        }
        return etherType(buf, Bytes.u16(buf, offset + ETHERNET_TYPE), offset + ETHERNET_HEADER, end);
    }

    private static long cooked(ByteBuffer buf, int offset, int end, int protocolOffset, int headerLength) {
        if (offset + headerLength > end) {
            return skip(Skip.TRUNCATED);
        }
        // The cooked header's protocol field is an EtherType; VLAN tags can follow when the NIC left them in.
        return etherType(buf, Bytes.u16(buf, offset + protocolOffset), offset + headerLength, end);
    }

    /**
     * Follows an EtherType through VLAN tags, 802.1ah I-TAGs, MPLS labels and PPPoE to the IP
     * header at {@code pos}.
     */
    static long etherType(ByteBuffer buf, int type, int pos, int end) {
        for (int tags = 0; tags <= MAX_LINK_TAGS; tags++) {
            switch (type) {
                case ETHERTYPE_IPV4:
                    return at(pos, EXPECT_V4);
                case ETHERTYPE_IPV6:
                    return at(pos, EXPECT_V6);
                case ETHERTYPE_VLAN, ETHERTYPE_QINQ, ETHERTYPE_QINQ_LEGACY:
                    if (pos + VLAN_TAG > end) {
                        return skip(Skip.TRUNCATED);
                    }
                    type = Bytes.u16(buf, pos + VLAN_INNER_TYPE);
                    pos += VLAN_TAG;
                    break;
                case ETHERTYPE_PBB_ITAG:
                    if (pos + PBB_HEADER > end) {
                        return skip(Skip.TRUNCATED);
                    }
                    type = Bytes.u16(buf, pos + PBB_INNER_TYPE);
                    pos += PBB_HEADER;
                    break;
                case ETHERTYPE_MPLS, ETHERTYPE_MPLS_MULTICAST:
                    return mpls(buf, pos, end, tags);
                case ETHERTYPE_PPPOE_SESSION:
                    return pppoe(buf, pos, end);
                default:
                    // 802.3 length fields (below 0x0600), ARP, LLDP...: not IP.
                    return skip(Skip.NON_TCP);
            }
        }
        return skip(Skip.MALFORMED);
    }

    private static long mpls(ByteBuffer buf, int pos, int end, int tagsSoFar) {
        for (int tags = tagsSoFar; tags <= MAX_LINK_TAGS; tags++) {
            if (pos + MPLS_LABEL > end) {
                return skip(Skip.TRUNCATED);
            }
            boolean bottom = (Bytes.u8(buf, pos + MPLS_BOTTOM_BYTE) & MPLS_BOTTOM_BIT) != 0;
            pos += MPLS_LABEL;
            if (bottom) {
                // RFC 3032 §2.2: the stack does not say what it carries; the first nibble tells IPv4 from IPv6.
                return at(pos, EXPECT_IP_OR_OTHER);
            }
        }
        return skip(Skip.MALFORMED);
    }

    private static long pppoe(ByteBuffer buf, int pos, int end) {
        if (pos + PPPOE_HEADER + PPP_PROTOCOL_LENGTH > end) {
            return skip(Skip.TRUNCATED);
        }
        int protocol = Bytes.u16(buf, pos + PPPOE_HEADER);
        int ip = pos + PPPOE_HEADER + PPP_PROTOCOL_LENGTH;
        return switch (protocol) {
            case PPP_IPV4 -> at(ip, EXPECT_V4);
            case PPP_IPV6 -> at(ip, EXPECT_V6);
            default -> skip(Skip.NON_TCP);
        };
    }

    private static long loopback(ByteBuffer buf, int offset, int end, boolean eitherOrder) {
        if (offset + LOOPBACK_HEADER > end) {
            return skip(Skip.TRUNCATED);
        }
        long family = Bytes.u32(buf, offset);
        if (eitherOrder && family > AF_MAX) {
            // NULL is written in the capturing host's byte order, which the file does not record.
            family = Integer.reverseBytes((int) family) & 0xFFFF_FFFFL;
        }
        int ip = offset + LOOPBACK_HEADER;
        if (family == AF_INET) {
            return at(ip, EXPECT_V4);
        }
        if (family == AF_INET6_DARWIN || family == AF_INET6_FREEBSD
                || family == AF_INET6_NETBSD_OPENBSD || family == AF_INET6_LINUX) {
            return at(ip, EXPECT_V6);
        }
        return skip(Skip.NON_TCP);
    }

    static long at(int ipOffset, int expectation) {
        return ((long) expectation << EXPECTATION_SHIFT) | ipOffset;
    }

    static long skip(Skip reason) {
        return -1L - reason.ordinal();
    }

    static boolean isSkip(long located) {
        return located < 0;
    }

    static Skip skipOf(long located) {
        return SKIPS[(int) (-1L - located)];
    }

    static int ipOffset(long located) {
        return (int) located;
    }

    static int expectation(long located) {
        return (int) (located >>> EXPECTATION_SHIFT);
    }
}
