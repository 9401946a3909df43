package io.tcpwhy.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.util.MacAddress;

/**
 * Frames for decoder tests: IP and TCP built with pcap4j's builders (lengths and checksums
 * right unless a test patches them), link-layer headers written out by hand.
 */
final class Frames {

    static final Inet4Address CLIENT4 = v4("192.0.2.1");
    static final Inet4Address SERVER4 = v4("198.51.100.2");
    static final Inet6Address CLIENT6 = v6("2001:db8::1");
    static final Inet6Address SERVER6 = v6("2001:db8:0:1::2");
    static final int CLIENT_PORT = 50123;
    static final int SERVER_PORT = 80;
    static final long SEQ = 0xF000_0001L; // above 2^31, to catch sign mistakes
    static final long ACK = 0x0000_2000L;
    static final int WINDOW = 0xFFF0;

    static final int ETHERNET_HEADER = 14;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int TCP_HEADER = 20;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;

    private Frames() {
    }

    /** An ACK|PSH segment from client to server carrying {@code payload}. */
    static TcpPacket.Builder tcp(byte[] payload, TcpPacket.TcpOption... options) {
        TcpPacket.Builder b = new TcpPacket.Builder()
                .srcPort(TcpPort.getInstance((short) CLIENT_PORT))
                .dstPort(TcpPort.getInstance((short) SERVER_PORT))
                .sequenceNumber((int) SEQ)
                .acknowledgmentNumber((int) ACK)
                .ack(true)
                .psh(payload.length > 0)
                .window((short) WINDOW)
                .options(List.of(options))
                .paddingAtBuild(true)
                .correctLengthAtBuild(true)
                .correctChecksumAtBuild(true);
        if (payload.length > 0) {
            b.payloadBuilder(new UnknownPacket.Builder().rawData(payload));
        }
        return b;
    }

    static TcpPacket.Builder tcp() {
        return tcp(new byte[0]);
    }

    static IpV4Packet.Builder ipv4Builder(TcpPacket.Builder tcp) {
        tcp.srcAddr(CLIENT4).dstAddr(SERVER4);
        return new IpV4Packet.Builder()
                .version(IpVersion.IPV4)
                .tos(IpV4Rfc791Tos.newInstance((byte) 0))
                .identification((short) 0x1234)
                .dontFragmentFlag(true)
                .ttl((byte) 64)
                .protocol(IpNumber.TCP)
                .srcAddr(CLIENT4)
                .dstAddr(SERVER4)
                .payloadBuilder(tcp)
                .paddingAtBuild(true)
                .correctLengthAtBuild(true)
                .correctChecksumAtBuild(true);
    }

    static byte[] ipv4(TcpPacket.Builder tcp) {
        return ipv4Builder(tcp).build().getRawData();
    }

    static IpV6Packet.Builder ipv6Builder(TcpPacket.Builder tcp) {
        tcp.srcAddr(CLIENT6).dstAddr(SERVER6);
        return new IpV6Packet.Builder()
                .version(IpVersion.IPV6)
                .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) 0))
                .flowLabel(IpV6SimpleFlowLabel.newInstance(0))
                .nextHeader(IpNumber.TCP)
                .hopLimit((byte) 64)
                .srcAddr(CLIENT6)
                .dstAddr(SERVER6)
                .payloadBuilder(tcp)
                .correctLengthAtBuild(true);
    }

    static byte[] ipv6(TcpPacket.Builder tcp) {
        return ipv6Builder(tcp).build().getRawData();
    }

    /** An Ethernet II frame built by pcap4j, padded to the 60-byte minimum as a NIC would. */
    static byte[] ethernet(IpV4Packet.Builder ip) {
        return new EthernetPacket.Builder()
                .dstAddr(MacAddress.getByName("02:00:00:00:00:02"))
                .srcAddr(MacAddress.getByName("02:00:00:00:00:01"))
                .type(EtherType.IPV4)
                .payloadBuilder(ip)
                .paddingAtBuild(true)
                .build().getRawData();
    }

    static byte[] ethernet(IpV6Packet.Builder ip) {
        return new EthernetPacket.Builder()
                .dstAddr(MacAddress.getByName("02:00:00:00:00:02"))
                .srcAddr(MacAddress.getByName("02:00:00:00:00:01"))
                .type(EtherType.IPV6)
                .payloadBuilder(ip)
                .paddingAtBuild(true)
                .build().getRawData();
    }

    /** A hand-written Ethernet II header: the given EtherType, then {@code rest}. */
    static byte[] ethernetHeader(int etherType, byte[]... rest) {
        byte[] header = {
            0x02, 0, 0, 0, 0, 0x02, // destination MAC
            0x02, 0, 0, 0, 0, 0x01, // source MAC
            (byte) (etherType >>> 8), (byte) etherType, // EtherType
        };
        return concat(header, concat(rest));
    }

    /** An IEEE 802.1Q tag after its TPID: TCI (PCP 0, DEI 0, VLAN id), then the inner EtherType. */
    static byte[] vlanTag(int vlanId, int innerType) {
        return new byte[] {(byte) (vlanId >>> 8), (byte) vlanId, (byte) (innerType >>> 8), (byte) innerType};
    }

    /** An RFC 3032 label stack entry: label (20 bits), TC 0, S, TTL 64. */
    static byte[] mplsLabel(int label, boolean bottomOfStack) {
        return new byte[] {
            (byte) (label >>> 12), (byte) (label >>> 4), (byte) ((label << 4) | (bottomOfStack ? 1 : 0)), 64,
        };
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] cut(byte[] frame, int capturedLength) {
        return Arrays.copyOf(frame, capturedLength);
    }

    static void put16(byte[] b, int index, int value) {
        b[index] = (byte) (value >>> 8);
        b[index + 1] = (byte) value;
    }

    static DecodeResult decode(int linkType, byte[] frame) {
        return new PacketDecoder().decode(7, 1_000L, linkType, ByteBuffer.wrap(frame), 0, frame.length);
    }

    static TcpSegment segment(int linkType, byte[] frame) {
        return assertInstanceOf(TcpSegment.class, decode(linkType, frame));
    }

    /** Asserts the segment is the one {@link #tcp} builds over IPv4, carrying {@code payload} bytes. */
    static void assertClientSegmentV4(TcpSegment s, int payload) {
        assertEquals(CLIENT4.getHostAddress() + ":" + CLIENT_PORT, s.src().toString());
        assertEquals(SERVER4.getHostAddress() + ":" + SERVER_PORT, s.dst().toString());
        assertHeader(s, payload);
    }

    static void assertClientSegmentV6(TcpSegment s, int payload) {
        assertEquals("[2001:db8::1]:" + CLIENT_PORT, s.src().toString());
        assertEquals("[2001:db8:0:1::2]:" + SERVER_PORT, s.dst().toString());
        assertHeader(s, payload);
    }

    private static void assertHeader(TcpSegment s, int payload) {
        assertEquals(SEQ, s.seq());
        assertEquals(ACK, s.ack());
        assertEquals(WINDOW, s.window());
        assertEquals(payload, s.payloadLength());
        assertEquals(payload, s.capturedPayload());
        assertEquals(7, s.frame());
        assertEquals(1_000L, s.timeNanos());
    }

    private static Inet4Address v4(String text) {
        return (Inet4Address) address(text);
    }

    private static Inet6Address v6(String text) {
        return (Inet6Address) address(text);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
