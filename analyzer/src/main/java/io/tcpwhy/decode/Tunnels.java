package io.tcpwhy.decode;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import io.tcpwhy.pcap.LinkType;
import java.nio.ByteBuffer;

/**
 * Decapsulation: the tunnels Zeek opens (its {@code Tunnel::Type}), each down to the inner IP
 * packet or Ethernet frame, which is then decoded as if captured on its own. The inner
 * segment keeps its inner endpoints and gets a {@link Tunnel} with the outer ones.
 *
 * <p>Recognised as Zeek recognises them: IP protocols 4 and 41 (IP in IP), 47 (GRE); UDP
 * ports, either side, 4789 (VXLAN), 6081 (Geneve), 2152 (GTP-U), 3544 (Teredo), 5072 (AYIYA)
 * and 4754 (GRE in UDP). A datagram on such a port whose header does not fit its tunnel is
 * ordinary UDP, not TCP: {@link Skip#NON_TCP}.
 */
final class Tunnels {

    /**
     * Zeek's {@code Tunnel::max_depth} default (scripts/base/init-bare.zeek): tunnels inside
     * tunnels are decapsulated this deep, a deeper one is dropped ({@link Skip#MALFORMED}
     * here). Bounds the work a packet made of nested headers can cause.
     */
    static final int MAX_DEPTH = 2;

    // IANA protocol numbers.
    static final int PROTOCOL_IPV4 = 4;     // RFC 2003 IP in IP
    static final int PROTOCOL_IPV6 = 41;    // RFC 4213 §3.5, RFC 2473
    static final int PROTOCOL_GRE = 47;     // RFC 2784
    static final int PROTOCOL_UDP = 17;     // RFC 768

    /** RFC 768: source port (2), destination port (2), length (2), checksum (2). */
    static final int UDP_SOURCE_PORT = 0;
    static final int UDP_DESTINATION_PORT = 2;
    static final int UDP_LENGTH = 4;
    static final int UDP_HEADER = 8;

    // IANA service ports of the UDP tunnels.
    static final int PORT_VXLAN = 4789;     // RFC 7348 §5
    static final int PORT_GENEVE = 6081;    // RFC 8926 §3.3
    static final int PORT_GTP_U = 2152;     // 3GPP TS 29.281 §4.4.2.3
    static final int PORT_TEREDO = 3544;    // RFC 4380 §4
    static final int PORT_AYIYA = 5072;     // IANA "ayiya"
    static final int PORT_GRE_IN_UDP = 4754; // RFC 8086 §3.2

    // RFC 7348 §5: flags (8, I = 0x08 means the VNI is valid), reserved (24), VNI (24), reserved (8).
    static final int VXLAN_HEADER = 8;
    static final int VXLAN_FLAG_I = 0x08;

    // RFC 8926 §3.4: Ver (2) + Opt Len (6), O/C/Rsvd (8), Protocol Type (16), VNI (24), Reserved (8),
    // then Opt Len 4-byte words of options.
    static final int GENEVE_HEADER = 8;
    static final int GENEVE_VERSION_SHIFT = 6;
    static final int GENEVE_OPTION_LENGTH_MASK = 0x3F;
    static final int GENEVE_OPTION_UNIT = 4;
    static final int GENEVE_PROTOCOL = 2;

    /** RFC 1701 §3.3 / IANA "ETHER TYPES": Transparent Ethernet Bridging, an Ethernet frame inside. */
    static final int ETHERTYPE_TEB = 0x6558;

    // RFC 2784 §2 / RFC 2890 §2: C (checksum present), K (key), S (sequence); RFC 1701 §3.1: R (routing).
    static final int GRE_FLAGS_VERSION = 0;
    static final int GRE_PROTOCOL = 2;
    static final int GRE_BASE_HEADER = 4;
    static final int GRE_FLAG_C = 0x8000;
    static final int GRE_FLAG_R = 0x4000;
    static final int GRE_FLAG_K = 0x2000;
    static final int GRE_FLAG_S = 0x1000;
    static final int GRE_VERSION_MASK = 0x0007;
    /** Checksum + reserved (C or R), key (K), sequence number (S): 4 bytes each. */
    static final int GRE_OPTIONAL_FIELD = 4;
    /** RFC 2637 §4.1: PPTP's enhanced GRE is version 1, always with a key, A flag = acknowledgment present. */
    static final int GRE_VERSION_PPTP = 1;
    static final int GRE_FLAG_A = 0x0080;
    static final int GRE_PROTOCOL_PPP = 0x880B;
    /** RFC 1662 §3.1: PPP in HDLC-like framing may start with address 0xFF and control 0x03. */
    static final int PPP_ADDRESS_CONTROL = 0xFF03;
    static final int PPP_PROTOCOL_LENGTH = 2;
    static final int PPP_IPV4 = 0x0021;     // RFC 1332
    static final int PPP_IPV6 = 0x0057;     // RFC 5072

    /**
     * ERSPAN (draft-foschiano-erspan-03): type I is GRE 0x88BE without a sequence number and no
     * header of its own; type II is 0x88BE with S set and an 8-byte header; type III is 0x22EB
     * with a 12-byte header, plus an 8-byte platform-specific subheader when O (bit 0 of its
     * last byte) is set. An Ethernet frame follows.
     */
    static final int GRE_PROTOCOL_ERSPAN_I_II = 0x88BE;
    static final int GRE_PROTOCOL_ERSPAN_III = 0x22EB;
    static final int ERSPAN_II_HEADER = 8;
    static final int ERSPAN_III_HEADER = 12;
    static final int ERSPAN_III_FLAGS = 11;
    static final int ERSPAN_III_FLAG_O = 0x01;
    static final int ERSPAN_III_SUBHEADER = 8;

    // 3GPP TS 29.281 §5.1: version (3) PT (1) spare (1) E S PN (1 each), message type, length, TEID.
    static final int GTP_FLAGS = 0;
    static final int GTP_MESSAGE_TYPE = 1;
    static final int GTP_HEADER = 8;
    static final int GTP_VERSION_SHIFT = 5;
    static final int GTP_VERSION_1 = 1;
    static final int GTP_FLAG_PT = 0x10;
    static final int GTP_FLAG_E = 0x04;
    static final int GTP_FLAG_S = 0x02;
    static final int GTP_FLAG_PN = 0x01;
    /** §5.1: when E, S or PN is set: sequence number (2), N-PDU number (1), next extension header type (1). */
    static final int GTP_OPTIONAL_FIELDS = 4;
    static final int GTP_NEXT_EXTENSION = GTP_HEADER + GTP_OPTIONAL_FIELDS - 1;
    /** §6.1: G-PDU, a user packet inside. */
    static final int GTP_MESSAGE_G_PDU = 0xFF;
    /** §5.2.1: an extension header's first byte is its length in 4-octet units, its last the next type. */
    static final int GTP_EXTENSION_UNIT = 4;
    /** Extension headers defined are few (§5.2.2); the cap bounds a hostile chain. */
    static final int GTP_MAX_EXTENSIONS = 16;

    // RFC 4380 §5.1.1: the optional authentication indicator (type 0x0001, ID-len, AU-len, client id,
    // authentication value, nonce (8), confirmation (1)) and origin indication (type 0x0000, port (2),
    // address (4)) come before the IPv6 header.
    static final int TEREDO_AUTHENTICATION = 0x0001;
    static final int TEREDO_AUTH_FIXED = 4;
    static final int TEREDO_AUTH_ID_LENGTH = 2;
    static final int TEREDO_AUTH_AU_LENGTH = 3;
    static final int TEREDO_AUTH_NONCE_CONFIRMATION = 9;
    static final int TEREDO_ORIGIN = 0x0000;
    static final int TEREDO_ORIGIN_LENGTH = 8;

    // draft-massar-v6ops-ayiya-02 §5: IDlen/IDtype, SigLen/HshMeth, AutMeth/OpCode, Next Header, Epoch (4),
    // then the identity (2^IDlen bytes) and the signature (SigLen 4-byte words).
    static final int AYIYA_ID = 0;
    static final int AYIYA_SIGNATURE = 1;
    static final int AYIYA_OPCODE = 2;
    static final int AYIYA_NEXT_HEADER = 3;
    static final int AYIYA_HEADER = 8;
    static final int AYIYA_SIGNATURE_UNIT = 4;
    static final int AYIYA_OPCODE_MASK = 0x0F;
    /** §5: opcode 1 is "forward": a packet inside. Zeek decapsulates only these. */
    static final int AYIYA_OPCODE_FORWARD = 1;

    private Tunnels() {
    }

    /** IP protocols that may carry a tunnel: IP in IP, GRE, and UDP (decided by port). */
    static boolean mayCarry(int protocol) {
        return protocol == PROTOCOL_IPV4 || protocol == PROTOCOL_IPV6 || protocol == PROTOCOL_GRE
                || protocol == PROTOCOL_UDP;
    }

    /**
     * The payload {@code buf[payload, payloadEnd)} of the IP packet at {@code ip}, of which
     * {@code buf[ip, end)} was captured, carrying {@code protocol}.
     */
    static DecodeResult fromIp(long frame, long timeNanos, ByteBuffer buf, int ip, boolean v6, int protocol,
                               int payload, int payloadEnd, int end, Tunnel enclosing) {
        int innerEnd = Math.min(payloadEnd, end);
        if (protocol == PROTOCOL_UDP) {
            return udp(frame, timeNanos, buf, ip, payload, innerEnd, enclosing);
        }
        if (enclosing != null && enclosing.depth() >= MAX_DEPTH) {
            return Skip.MALFORMED;
        }
        if (protocol == PROTOCOL_GRE) {
            return gre(frame, timeNanos, buf, payload, innerEnd, outer(ip, NO_PORTS), enclosing);
        }
        Tunnel tunnel = tunnel(TunnelType.IP, buf, outer(ip, NO_PORTS), enclosing);
        int expected = protocol == PROTOCOL_IPV4 ? LinkLayer.EXPECT_V4 : LinkLayer.EXPECT_V6;
        return PacketDecoder.fromIp(frame, timeNanos, buf, payload, innerEnd, expected, tunnel);
    }

    private static DecodeResult udp(long frame, long timeNanos, ByteBuffer buf, int ip, int udp, int end,
                                    Tunnel enclosing) {
        if (udp + UDP_HEADER > end) {
            return Skip.NON_TCP;
        }
        int source = Bytes.u16(buf, udp + UDP_SOURCE_PORT);
        int destination = Bytes.u16(buf, udp + UDP_DESTINATION_PORT);
        TunnelType type = udpTunnel(destination);
        if (type == null) {
            type = udpTunnel(source);
        }
        if (type == null) {
            return Skip.NON_TCP;
        }
        if (enclosing != null && enclosing.depth() >= MAX_DEPTH) {
            return Skip.MALFORMED;
        }
        int length = Bytes.u16(buf, udp + UDP_LENGTH);
        // Length 0: a jumbogram (RFC 2675 §4) or a datagram seen before segmentation offload; the capture decides.
        if (length != 0 && length < UDP_HEADER) {
            return Skip.MALFORMED;
        }
        int payloadEnd = length == 0 ? end : Math.min(end, udp + length);
        int payload = udp + UDP_HEADER;
        long outer = outer(ip, udp);
        return switch (type) {
            case VXLAN -> vxlan(frame, timeNanos, buf, payload, payloadEnd, outer, enclosing);
            case GENEVE -> geneve(frame, timeNanos, buf, payload, payloadEnd, outer, enclosing);
            case GTPV1 -> gtp(frame, timeNanos, buf, payload, payloadEnd, outer, enclosing);
            case TEREDO -> teredo(frame, timeNanos, buf, payload, payloadEnd, outer, enclosing);
            case AYIYA -> ayiya(frame, timeNanos, buf, payload, payloadEnd, outer, enclosing);
            case GRE -> gre(frame, timeNanos, buf, payload, payloadEnd, outer, enclosing);
            case IP -> throw new IllegalStateException("no UDP port maps to IP in IP");
        };
    }

    private static TunnelType udpTunnel(int port) {
        return switch (port) {
            case PORT_VXLAN -> TunnelType.VXLAN;
            case PORT_GENEVE -> TunnelType.GENEVE;
            case PORT_GTP_U -> TunnelType.GTPV1;
            case PORT_TEREDO -> TunnelType.TEREDO;
            case PORT_AYIYA -> TunnelType.AYIYA;
            case PORT_GRE_IN_UDP -> TunnelType.GRE;
            default -> null;
        };
    }

    private static DecodeResult vxlan(long frame, long timeNanos, ByteBuffer buf, int vxlan, int end, long outer, Tunnel enclosing) {
        if (vxlan + VXLAN_HEADER > end || (Bytes.u8(buf, vxlan) & VXLAN_FLAG_I) == 0) {
            return Skip.NON_TCP;
        }
        return PacketDecoder.fromLink(frame, timeNanos, LinkType.EN10MB, buf, vxlan + VXLAN_HEADER, end,
                tunnel(TunnelType.VXLAN, buf, outer, enclosing));
    }

    private static DecodeResult geneve(long frame, long timeNanos, ByteBuffer buf, int geneve, int end, long outer, Tunnel enclosing) {
        if (geneve + GENEVE_HEADER > end || (Bytes.u8(buf, geneve) >>> GENEVE_VERSION_SHIFT) != 0) {
            return Skip.NON_TCP;
        }
        int inner = geneve + GENEVE_HEADER + (Bytes.u8(buf, geneve) & GENEVE_OPTION_LENGTH_MASK) * GENEVE_OPTION_UNIT;
        if (inner > end) {
            return Skip.TRUNCATED;
        }
        return byEtherType(frame, timeNanos, buf, Bytes.u16(buf, geneve + GENEVE_PROTOCOL), inner, end,
                TunnelType.GENEVE, outer, enclosing);
    }

    /** An Ethernet frame for TEB, else what the EtherType names (IPv4, IPv6, MPLS...). */
    private static DecodeResult byEtherType(long frame, long timeNanos, ByteBuffer buf, int etherType, int inner,
                                            int end, TunnelType type, long outer, Tunnel enclosing) {
        if (etherType == ETHERTYPE_TEB) {
            return PacketDecoder.fromLink(frame, timeNanos, LinkType.EN10MB, buf, inner, end,
                    tunnel(type, buf, outer, enclosing));
        }
        long located = LinkLayer.etherType(buf, etherType, inner, end);
        if (LinkLayer.isSkip(located)) {
            return LinkLayer.skipOf(located);
        }
        return PacketDecoder.fromIp(frame, timeNanos, buf, LinkLayer.ipOffset(located), end,
                LinkLayer.expectation(located), tunnel(type, buf, outer, enclosing));
    }

    private static DecodeResult gre(long frame, long timeNanos, ByteBuffer buf, int gre, int end, long outer, Tunnel enclosing) {
        if (gre + GRE_BASE_HEADER > end) {
            return Skip.TRUNCATED;
        }
        int flags = Bytes.u16(buf, gre + GRE_FLAGS_VERSION);
        int protocol = Bytes.u16(buf, gre + GRE_PROTOCOL);
        int version = flags & GRE_VERSION_MASK;
        if (version == GRE_VERSION_PPTP) {
            return pptp(frame, timeNanos, buf, gre, end, flags, protocol, outer, enclosing);
        }
        if (version != 0 || (flags & GRE_FLAG_R) != 0) {
            // Source routing (RFC 1701) is deprecated by RFC 2784 and Zeek does not follow it either.
            return Skip.NON_TCP;
        }
        int inner = gre + GRE_BASE_HEADER
                + ((flags & GRE_FLAG_C) != 0 ? GRE_OPTIONAL_FIELD : 0)
                + ((flags & GRE_FLAG_K) != 0 ? GRE_OPTIONAL_FIELD : 0)
                + ((flags & GRE_FLAG_S) != 0 ? GRE_OPTIONAL_FIELD : 0);
        if (protocol == GRE_PROTOCOL_ERSPAN_I_II) {
            inner += (flags & GRE_FLAG_S) != 0 ? ERSPAN_II_HEADER : 0;
            protocol = ETHERTYPE_TEB;
        } else if (protocol == GRE_PROTOCOL_ERSPAN_III) {
            if (inner + ERSPAN_III_HEADER > end) {
                return Skip.TRUNCATED;
            }
            boolean subheader = (Bytes.u8(buf, inner + ERSPAN_III_FLAGS) & ERSPAN_III_FLAG_O) != 0;
            inner += ERSPAN_III_HEADER + (subheader ? ERSPAN_III_SUBHEADER : 0);
            protocol = ETHERTYPE_TEB;
        }
        if (inner > end) {
            return Skip.TRUNCATED;
        }
        return byEtherType(frame, timeNanos, buf, protocol, inner, end, TunnelType.GRE, outer, enclosing);
    }

    /** RFC 2637 §4.1: key always present (payload length, call id), then sequence and acknowledgment if flagged. */
    private static DecodeResult pptp(long frame, long timeNanos, ByteBuffer buf, int gre, int end, int flags,
                                     int protocol, long outer, Tunnel enclosing) {
        if (protocol != GRE_PROTOCOL_PPP || (flags & GRE_FLAG_K) == 0) {
            return Skip.NON_TCP;
        }
        int ppp = gre + GRE_BASE_HEADER + GRE_OPTIONAL_FIELD
                + ((flags & GRE_FLAG_S) != 0 ? GRE_OPTIONAL_FIELD : 0)
                + ((flags & GRE_FLAG_A) != 0 ? GRE_OPTIONAL_FIELD : 0);
        if (ppp + PPP_PROTOCOL_LENGTH > end) {
            return Skip.TRUNCATED;
        }
        if (Bytes.u16(buf, ppp) == PPP_ADDRESS_CONTROL) {
            ppp += PPP_PROTOCOL_LENGTH;
            if (ppp + PPP_PROTOCOL_LENGTH > end) {
                return Skip.TRUNCATED;
            }
        }
        int pppProtocol = Bytes.u16(buf, ppp);
        int ip = ppp + PPP_PROTOCOL_LENGTH;
        return switch (pppProtocol) {
            case PPP_IPV4 -> PacketDecoder.fromIp(frame, timeNanos, buf, ip, end, LinkLayer.EXPECT_V4,
                    tunnel(TunnelType.GRE, buf, outer, enclosing));
            case PPP_IPV6 -> PacketDecoder.fromIp(frame, timeNanos, buf, ip, end, LinkLayer.EXPECT_V6,
                    tunnel(TunnelType.GRE, buf, outer, enclosing));
            default -> Skip.NON_TCP;
        };
    }

    private static DecodeResult gtp(long frame, long timeNanos, ByteBuffer buf, int gtp, int end, long outer, Tunnel enclosing) {
        if (gtp + GTP_HEADER > end) {
            return Skip.NON_TCP;
        }
        int flags = Bytes.u8(buf, gtp + GTP_FLAGS);
        if ((flags >>> GTP_VERSION_SHIFT) != GTP_VERSION_1 || (flags & GTP_FLAG_PT) == 0
                || Bytes.u8(buf, gtp + GTP_MESSAGE_TYPE) != GTP_MESSAGE_G_PDU) {
            // GTP' (PT 0), echo, error indication, end marker...: no user packet inside.
            return Skip.NON_TCP;
        }
        int inner = gtp + GTP_HEADER;
        if ((flags & (GTP_FLAG_E | GTP_FLAG_S | GTP_FLAG_PN)) != 0) {
            inner += GTP_OPTIONAL_FIELDS;
            if (inner > end) {
                return Skip.TRUNCATED;
            }
            int next = (flags & GTP_FLAG_E) != 0 ? Bytes.u8(buf, gtp + GTP_NEXT_EXTENSION) : 0;
            for (int extensions = 0; next != 0; extensions++) {
                if (extensions == GTP_MAX_EXTENSIONS) {
                    return Skip.MALFORMED;
                }
                if (inner + 1 > end) {
                    return Skip.TRUNCATED;
                }
                int length = Bytes.u8(buf, inner) * GTP_EXTENSION_UNIT;
                if (length == 0) {
                    return Skip.MALFORMED;
                }
                if (inner + length > end) {
                    return Skip.TRUNCATED;
                }
                next = Bytes.u8(buf, inner + length - 1);
                inner += length;
            }
        }
        return PacketDecoder.fromIp(frame, timeNanos, buf, inner, end, LinkLayer.EXPECT_ANY,
                tunnel(TunnelType.GTPV1, buf, outer, enclosing));
    }

    private static DecodeResult teredo(long frame, long timeNanos, ByteBuffer buf, int teredo, int end, long outer, Tunnel enclosing) {
        int inner = teredo;
        if (inner + 2 <= end && Bytes.u16(buf, inner) == TEREDO_AUTHENTICATION) {
            if (inner + TEREDO_AUTH_FIXED > end) {
                return Skip.NON_TCP;
            }
            inner += TEREDO_AUTH_FIXED + Bytes.u8(buf, inner + TEREDO_AUTH_ID_LENGTH)
                    + Bytes.u8(buf, inner + TEREDO_AUTH_AU_LENGTH) + TEREDO_AUTH_NONCE_CONFIRMATION;
        }
        if (inner + 2 <= end && Bytes.u16(buf, inner) == TEREDO_ORIGIN) {
            inner += TEREDO_ORIGIN_LENGTH;
        }
        // Teredo has no header of its own: only a whole IPv6 header, with a payload length that
        // fits the datagram, tells it from other traffic on the port (Zeek's check too).
        if (inner + Ipv6Decoder.HEADER > end || (Bytes.u8(buf, inner) >>> 4) != Ipv6Decoder.VERSION
                || inner + Ipv6Decoder.HEADER + Bytes.u16(buf, inner + Ipv6Decoder.PAYLOAD_LENGTH) > end) {
            return Skip.NON_TCP;
        }
        return PacketDecoder.fromIp(frame, timeNanos, buf, inner, end, LinkLayer.EXPECT_V6,
                tunnel(TunnelType.TEREDO, buf, outer, enclosing));
    }

    private static DecodeResult ayiya(long frame, long timeNanos, ByteBuffer buf, int ayiya, int end, long outer, Tunnel enclosing) {
        if (ayiya + AYIYA_HEADER > end
                || (Bytes.u8(buf, ayiya + AYIYA_OPCODE) & AYIYA_OPCODE_MASK) != AYIYA_OPCODE_FORWARD) {
            return Skip.NON_TCP;
        }
        int next = Bytes.u8(buf, ayiya + AYIYA_NEXT_HEADER);
        if (next != PROTOCOL_IPV4 && next != PROTOCOL_IPV6) {
            return Skip.NON_TCP;
        }
        int identity = 1 << (Bytes.u8(buf, ayiya + AYIYA_ID) >>> 4);
        int signature = (Bytes.u8(buf, ayiya + AYIYA_SIGNATURE) >>> 4) * AYIYA_SIGNATURE_UNIT;
        int inner = ayiya + AYIYA_HEADER + identity + signature;
        if (inner > end) {
            return Skip.TRUNCATED;
        }
        int expected = next == PROTOCOL_IPV4 ? LinkLayer.EXPECT_V4 : LinkLayer.EXPECT_V6;
        return PacketDecoder.fromIp(frame, timeNanos, buf, inner, end, expected,
                tunnel(TunnelType.AYIYA, buf, outer, enclosing));
    }

    /**
     * Where the outer headers are, packed so that a tunnel header that does not check out
     * allocates nothing: the IP header's offset in the low 32 bits, the UDP header's above
     * ({@link #NO_PORTS} when the tunnel has no ports). The IP version is the header's own.
     */
    private static long outer(int ip, int udp) {
        return ((long) udp << 32) | (ip & 0xFFFF_FFFFL);
    }

    static final int NO_PORTS = -1;

    /** The tunnel record for the outer headers {@code outer} (see {@link #outer}), made once the tunnel header checks out. */
    private static Tunnel tunnel(TunnelType type, ByteBuffer buf, long outer, Tunnel enclosing) {
        int ip = (int) outer;
        int udp = (int) (outer >> 32);
        boolean v6 = (Bytes.u8(buf, ip) >>> 4) == Ipv6Decoder.VERSION;
        IpAddress source;
        IpAddress destination;
        if (v6) {
            source = IpAddress.v6(Bytes.u64(buf, ip + Ipv6Decoder.SOURCE), Bytes.u64(buf, ip + Ipv6Decoder.SOURCE + 8));
            destination = IpAddress.v6(Bytes.u64(buf, ip + Ipv6Decoder.DESTINATION),
                    Bytes.u64(buf, ip + Ipv6Decoder.DESTINATION + 8));
        } else {
            source = IpAddress.v4(Bytes.i32(buf, ip + Ipv4Decoder.SOURCE));
            destination = IpAddress.v4(Bytes.i32(buf, ip + Ipv4Decoder.DESTINATION));
        }
        int sourcePort = udp == NO_PORTS ? 0 : Bytes.u16(buf, udp + UDP_SOURCE_PORT);
        int destinationPort = udp == NO_PORTS ? 0 : Bytes.u16(buf, udp + UDP_DESTINATION_PORT);
        return new Tunnel(type, new Endpoint(source, sourcePort), new Endpoint(destination, destinationPort), enclosing);
    }
}
