package io.tcpwhy.decode;

import java.io.ByteArrayOutputStream;

/**
 * Crafts tunnel frames around an IP packet, each outer header written field by field from its
 * specification. Every result is an Ethernet frame ({@code LinkType.EN10MB}).
 */
enum TunnelWrap {
    /** RFC 7348 §5: outer IPv4, UDP to 4789, VXLAN header with I set and VNI 42, inner Ethernet. */
    VXLAN(TunnelType.VXLAN) {
        @Override
        byte[] wrap(byte[] inner) {
            byte[] vxlan = {0x08, 0, 0, 0, /* VNI */ 0, 0, 42, /* reserved */ 0};
            return udpOverIpv4(54321, 4789, concat(vxlan, ethernet(inner)));
        }
    },
    /** RFC 8926 §3.4: outer IPv6, UDP to 6081, Geneve with one 8-byte option, protocol 0x6558. */
    GENEVE(TunnelType.GENEVE) {
        @Override
        byte[] wrap(byte[] inner) {
            byte[] geneve = {/* Ver 0, Opt Len 2 words */ 0x02, 0, /* protocol TEB */ 0x65, 0x58,
                /* VNI */ 0, 0x01, 0x00, /* reserved */ 0,
                /* option: class 0x0102, type 0x80, length 1 word, 4 bytes data */ 0x01, 0x02, (byte) 0x80, 0x01,
                1, 2, 3, 4};
            return udpOverIpv6(54321, 6081, concat(geneve, ethernet(inner)));
        }
    },
    /** RFC 8926: Geneve straight to the IP packet (protocol type = its EtherType), no options. */
    GENEVE_IP(TunnelType.GENEVE) {
        @Override
        byte[] wrap(byte[] inner) {
            int type = etherTypeOf(inner);
            byte[] geneve = {0, 0, (byte) (type >> 8), (byte) type, 0, 0x01, 0x00, 0};
            return udpOverIpv4(54321, 6081, concat(geneve, inner));
        }
    },
    /** RFC 2784/2890: GRE with key and sequence number, protocol = the inner EtherType, outer IPv4. */
    GRE_KEY_SEQUENCE(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            int type = etherTypeOf(inner);
            byte[] gre = {/* K, S */ 0x30, 0x00, (byte) (type >> 8), (byte) type,
                /* key */ 0, 0, 0x12, 0x34, /* sequence */ 0, 0, 0, 7};
            return ipv4(47, concat(gre, inner));
        }
    },
    /** RFC 2784 §2.5: GRE with checksum present (and reserved1), outer IPv6. */
    GRE_CHECKSUM_OVER_IPV6(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            int type = etherTypeOf(inner);
            byte[] gre = {(byte) 0x80, 0x00, (byte) (type >> 8), (byte) type, /* checksum, reserved1 */ 0x12, 0x34, 0, 0};
            return ipv6(47, concat(gre, inner));
        }
    },
    /** GRE carrying an Ethernet frame (Transparent Ethernet Bridging, 0x6558). */
    GRE_ETHERNET(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            return ipv4(47, concat(new byte[] {0, 0, 0x65, 0x58}, ethernet(inner)));
        }
    },
    /** ERSPAN type I: GRE 0x88BE without a sequence number, the mirrored frame right after. */
    ERSPAN_I(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            return ipv4(47, concat(new byte[] {0, 0, (byte) 0x88, (byte) 0xBE}, ethernet(inner)));
        }
    },
    /** ERSPAN type II: GRE 0x88BE with S, then the 8-byte ERSPAN header (version 1, VLAN, session 5, index). */
    ERSPAN_II(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            byte[] gre = {0x10, 0, (byte) 0x88, (byte) 0xBE, /* sequence */ 0, 0, 0, 1};
            byte[] erspan = {0x10, 0x00, 0x00, 0x05, 0, 0, 0, 0};
            return ipv4(47, concat(gre, erspan, ethernet(inner)));
        }
    },
    /** ERSPAN type III: GRE 0x22EB with S, the 12-byte header with O set, its 8-byte platform subheader. */
    ERSPAN_III(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            byte[] gre = {0x10, 0, 0x22, (byte) 0xEB, 0, 0, 0, 1};
            byte[] erspan = {/* ver 2, VLAN */ 0x20, 0x00, /* COS, BSO, T, session 5 */ 0x00, 0x05,
                /* timestamp */ 0, 0, 0x10, 0x00, /* SGT */ 0, 0, /* P, FT, HW ID, D, Gra, O */ 0, 0x01};
            byte[] platform = {0x18, 0, 0, 0, 0, 0, 0, 1};
            return ipv4(47, concat(gre, erspan, platform, ethernet(inner)));
        }
    },
    /** RFC 2637 §4.1: PPTP's enhanced GRE (version 1, key, sequence), PPP with address and control. */
    GRE_PPTP(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            int ppp = etherTypeOf(inner) == 0x0800 ? 0x0021 : 0x0057;
            int length = inner.length + 4;
            byte[] gre = {0x30, 0x01, (byte) 0x88, 0x0B, (byte) (length >> 8), (byte) length, /* call id */ 0, 9,
                /* sequence */ 0, 0, 0, 3, (byte) 0xFF, 0x03, (byte) (ppp >> 8), (byte) ppp};
            return ipv4(47, concat(gre, inner));
        }
    },
    /** RFC 8086: GRE in UDP, destination port 4754. */
    GRE_IN_UDP(TunnelType.GRE) {
        @Override
        byte[] wrap(byte[] inner) {
            int type = etherTypeOf(inner);
            return udpOverIpv4(50000, 4754, concat(new byte[] {0, 0, (byte) (type >> 8), (byte) type}, inner));
        }
    },
    /** RFC 2003 / RFC 4213 §3.5: IPv4 carrying the packet as protocol 4 (4in4) or 41 (6in4). */
    IP_IN_IPV4(TunnelType.IP) {
        @Override
        byte[] wrap(byte[] inner) {
            return ipv4(version(inner) == 4 ? 4 : 41, inner);
        }
    },
    /** RFC 2473: IPv6 carrying the packet as next header 4 (4in6) or 41 (6in6). */
    IP_IN_IPV6(TunnelType.IP) {
        @Override
        byte[] wrap(byte[] inner) {
            return ipv6(version(inner) == 4 ? 4 : 41, inner);
        }
    },
    /**
     * 3GPP TS 29.281 §5.1-5.2: GTPv1-U G-PDU with E set, sequence number, N-PDU number, a PDU
     * session container extension (type 0x85, one 4-byte unit) ending the chain.
     */
    GTP_U(TunnelType.GTPV1) {
        @Override
        byte[] wrap(byte[] inner) {
            int length = inner.length + 8;
            byte[] gtp = {/* version 1, PT, E */ 0x34, (byte) 0xFF, (byte) (length >> 8), (byte) length,
                /* TEID */ 0x00, 0x00, 0x10, 0x01, /* sequence */ 0, 0, /* N-PDU */ 0, /* next ext */ (byte) 0x85,
                /* extension: length 1, PDU type / QFI, next 0 */ 1, 0x00, 0x09, 0};
            return udpOverIpv4(2152, 2152, concat(gtp, inner));
        }
    },
    /** RFC 4380 §5.1.1: Teredo, origin indication first (port and address obfuscated), IPv6 only. */
    TEREDO(TunnelType.TEREDO) {
        @Override
        byte[] wrap(byte[] inner) {
            byte[] origin = {0, 0, (byte) ~0x1F, (byte) ~0x90, (byte) ~192, (byte) ~0, (byte) ~2, (byte) ~9};
            return udpOverIpv4(3544, 40000, concat(origin, inner));
        }

        @Override
        boolean carries(byte[] inner, boolean complete) {
            // Teredo is IPv6 only and is recognised by a whole IPv6 packet: a snap-length cut is not Teredo.
            return version(inner) == 6 && complete;
        }
    },
    /**
     * draft-massar-v6ops-ayiya §5: identity length 2^4 = 16 bytes, SHA-1 signature (5 words),
     * authentication method 1, opcode 1 (forward), next header 4 or 41, epoch.
     */
    AYIYA(TunnelType.AYIYA) {
        @Override
        byte[] wrap(byte[] inner) {
            byte[] header = {0x41, 0x52, 0x11, (byte) (version(inner) == 4 ? 4 : 41), 0x5F, 0x00, 0x00, 0x01};
            return udpOverIpv4(5072, 5072, concat(header, new byte[16], new byte[20], inner));
        }
    },
    /**
     * IEEE 802.1ah: B-DA, B-SA, B-TAG (0x88A8), I-TAG (0x88E7, I-SID 0x0100FF), C-DA, C-SA,
     * then the customer's EtherType. Link layer, not a tunnel: no {@link Tunnel}.
     */
    PBB(null) {
        @Override
        byte[] wrap(byte[] inner) {
            int type = etherTypeOf(inner);
            byte[] header = concat(MACS, new byte[] {(byte) 0x88, (byte) 0xA8, 0x00, 0x64,
                (byte) 0x88, (byte) 0xE7, 0x00, 0x01, 0x00, (byte) 0xFF}, MACS, new byte[] {(byte) (type >> 8), (byte) type});
            return concat(header, inner);
        }
    };

    static final byte[] OUTER_V4_SOURCE = {(byte) 192, 0, 2, 1};              // RFC 5737 documentation
    static final byte[] OUTER_V4_DESTINATION = {(byte) 198, 51, 100, 7};
    static final byte[] OUTER_V6_SOURCE = v6(1);                              // RFC 3849 2001:db8::1
    static final byte[] OUTER_V6_DESTINATION = v6(2);
    private static final byte[] MACS = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};

    final TunnelType type;

    TunnelWrap(TunnelType type) {
        this.type = type;
    }

    /** The Ethernet frame carrying {@code inner}, an IP packet (IPv4 or IPv6). */
    abstract byte[] wrap(byte[] inner);

    /** Whether this encapsulation can carry the packet; {@code complete}: captured to its IP length. */
    boolean carries(byte[] inner, boolean complete) {
        return true;
    }

    static int version(byte[] ip) {
        return (ip[0] & 0xFF) >>> 4;
    }

    static int etherTypeOf(byte[] ip) {
        return version(ip) == 4 ? 0x0800 : 0x86DD;
    }

    /** IEEE 802.3: destination, source, EtherType. */
    static byte[] ethernet(byte[] ip) {
        int type = etherTypeOf(ip);
        return concat(MACS, new byte[] {(byte) (type >> 8), (byte) type}, ip);
    }

    /** RFC 791 §3.1: version 4, IHL 5, total length, DF, TTL 64, protocol; checksum left 0 (never verified). */
    static byte[] ipv4(int protocol, byte[] payload) {
        int total = lengthField(20 + payload.length);
        byte[] header = {0x45, 0, (byte) (total >> 8), (byte) total, 0x12, 0x34, 0x40, 0, 64, (byte) protocol, 0, 0};
        return ethernet(concat(header, OUTER_V4_SOURCE, OUTER_V4_DESTINATION, payload));
    }

    /** RFC 8200 §3: version 6, payload length, next header, hop limit 64. */
    static byte[] ipv6(int nextHeader, byte[] payload) {
        int length = lengthField(payload.length);
        byte[] header = {0x60, 0, 0, 0, (byte) (length >> 8), (byte) length, (byte) nextHeader, 64};
        return ethernet(concat(header, OUTER_V6_SOURCE, OUTER_V6_DESTINATION, payload));
    }

    static byte[] udpOverIpv4(int sourcePort, int destinationPort, byte[] payload) {
        return ipv4(17, udp(sourcePort, destinationPort, payload));
    }

    static byte[] udpOverIpv6(int sourcePort, int destinationPort, byte[] payload) {
        return ipv6(17, udp(sourcePort, destinationPort, payload));
    }

    /** RFC 768: ports, length, checksum 0 ("not computed" over IPv4; never verified here). */
    static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        int length = lengthField(8 + payload.length);
        return concat(new byte[] {(byte) (sourcePort >> 8), (byte) sourcePort, (byte) (destinationPort >> 8),
            (byte) destinationPort, (byte) (length >> 8), (byte) length, 0, 0}, payload);
    }

    /**
     * A 16-bit length field; 0 when the packet is larger, as a capture taken before segmentation
     * offload shows it (loopback samples hold packets up to 64 KiB, a tunnel makes them larger).
     */
    static int lengthField(int length) {
        return length > 0xFFFF ? 0 : length;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }
}
