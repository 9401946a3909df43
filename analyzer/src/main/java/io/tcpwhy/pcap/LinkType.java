package io.tcpwhy.pcap;

/**
 * Link-layer header types as pcap and pcapng files number them (tcpdump.org
 * "LINKTYPE_" values). An open set: unknown values are named {@code LINKTYPE_<n>}.
 */
public final class LinkType {

    public static final int NULL = 0;        // BSD loopback, host-order address family
    public static final int EN10MB = 1;      // Ethernet
    public static final int RAW = 101;       // raw IPv4 or IPv6, version nibble decides
    public static final int LOOP = 108;      // OpenBSD loopback, network-order address family
    public static final int LINUX_SLL = 113; // Linux "cooked" capture v1
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;
    // Some platforms wrote their DLT_RAW value (12 or 14) into files instead of 101.
    public static final int DLT_RAW_12 = 12;
    public static final int DLT_RAW_14 = 14;

    private LinkType() {
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case EN10MB -> "EN10MB";
            case RAW, DLT_RAW_12, DLT_RAW_14 -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "LINKTYPE_" + linkType;
        };
    }

    /** Whether tcpwhy decodes frames of this link type. */
    public static boolean isSupported(int linkType) {
        return !name(linkType).startsWith("LINKTYPE_");
    }

    /** The supported names, for "expected one of ..." messages. */
    public static String supportedNames() {
        return "EN10MB, NULL, LOOP, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6";
    }
}
