package io.tcpwhy.decode;

import static io.tcpwhy.decode.Frames.CLIENT6;
import static io.tcpwhy.decode.Frames.IPV6_HEADER;
import static io.tcpwhy.decode.Frames.SERVER6;
import static io.tcpwhy.decode.Frames.TCP_HEADER;
import static io.tcpwhy.decode.Frames.assertClientSegmentV6;
import static io.tcpwhy.decode.Frames.concat;
import static io.tcpwhy.decode.Frames.cut;
import static io.tcpwhy.decode.Frames.decode;
import static io.tcpwhy.decode.Frames.ipv6;
import static io.tcpwhy.decode.Frames.ipv6Builder;
import static io.tcpwhy.decode.Frames.put16;
import static io.tcpwhy.decode.Frames.segment;
import static io.tcpwhy.decode.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.pcap.LinkType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.IpNumber;

class Ipv6DecodingTest {

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int ESP = 50;
    private static final int AH = 51;
    private static final int NO_NEXT_HEADER = 59;
    private static final int DESTINATION_OPTIONS = 60;
    /** RFC 8200 §3: payload length field offset. */
    private static final int PAYLOAD_LENGTH = 4;

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    /** An IPv6 packet whose next header is {@code first}, carrying the given extension headers and then TCP. */
    private static byte[] withChain(int first, byte[]... extensions) {
        byte[] tcpBytes = tcp(HELLO).srcAddr(CLIENT6).dstAddr(SERVER6).build().getRawData();
        return ipv6Builder(tcp())
                .nextHeader(IpNumber.getInstance((byte) first))
                .payloadBuilder(new UnknownPacket.Builder().rawData(concat(concat(extensions), tcpBytes)))
                .build().getRawData();
    }

    /** 8-byte hop-by-hop or destination options header: next, length 0, one PadN option filling 6 bytes. */
    private static byte[] options8(int next) {
        return new byte[] {(byte) next, 0, 1, 4, 0, 0, 0, 0};
    }

    /** 16-byte destination options header: Hdr Ext Len 1 means 8 + 1 * 8 bytes. */
    private static byte[] options16(int next) {
        return new byte[] {(byte) next, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    /** 8-byte routing header: next, length 0, routing type 253 (experimental), segments left 0, 4 reserved. */
    private static byte[] routing(int next) {
        return new byte[] {(byte) next, 0, (byte) 253, 0, 0, 0, 0, 0};
    }

    /** 24-byte AH with a 96-bit ICV: Payload Len 4 means (4 + 2) * 4 bytes. */
    private static byte[] authentication(int next) {
        return new byte[] {
            (byte) next, 4, 0, 0,     // next header, payload len, reserved
            0, 0, 0x10, 0x01,         // SPI
            0, 0, 0, 0x2A,            // sequence number
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, // ICV
        };
    }

    /** Fragment header: next, reserved, offset (13 bits) | 2 reserved bits | M, identification. */
    private static byte[] fragment(int next, int offsetUnits, boolean more) {
        int field = (offsetUnits << 3) | (more ? 1 : 0);
        return new byte[] {(byte) next, 0, (byte) (field >>> 8), (byte) field, 0x12, 0x34, 0x56, 0x78};
    }

    @Test
    void plainIpv6SegmentReportsIpLengthAsHeaderPlusPayloadLength() {
        TcpSegment s = segment(LinkType.RAW, ipv6(tcp(HELLO)));
        assertClientSegmentV6(s, HELLO.length);
        assertEquals(IPV6_HEADER + TCP_HEADER + HELLO.length, s.ipLength());
    }

    @Test
    void chainOfHopByHopRoutingAuthAndDestinationOptionsIsWalkedToTcp() {
        byte[] packet = withChain(HOP_BY_HOP, options8(ROUTING), routing(AH), authentication(DESTINATION_OPTIONS),
                options16(TCP));
        TcpSegment s = segment(LinkType.RAW, packet);
        assertClientSegmentV6(s, HELLO.length);
        assertEquals(IPV6_HEADER + 8 + 8 + 24 + 16 + TCP_HEADER + HELLO.length, s.ipLength());
    }

    @ParameterizedTest(name = "extension header {0}")
    @ValueSource(ints = {0, 43, 60, 135, 139, 140})
    void eachExtensionHeaderWithTheCommonLengthRuleIsWalked(int type) {
        assertClientSegmentV6(segment(LinkType.RAW, withChain(type, options8(TCP))), HELLO.length);
    }

    @Test
    void atomicFragmentWithOffsetZeroAndNoMoreFragmentsIsDecodedAsTcp() {
        assertClientSegmentV6(segment(LinkType.RAW, withChain(FRAGMENT, fragment(TCP, 0, false))), HELLO.length);
    }

    @Test
    void firstFragmentIsSkippedAsFragment() {
        assertEquals(Skip.IP_FRAGMENT, decode(LinkType.RAW, withChain(FRAGMENT, fragment(TCP, 0, true))));
    }

    @Test
    void laterFragmentIsSkippedAsFragment() {
        assertEquals(Skip.IP_FRAGMENT, decode(LinkType.RAW, withChain(FRAGMENT, fragment(TCP, 181, false))));
    }

    @Test
    void fragmentBehindOtherExtensionHeadersIsSkippedAsFragment() {
        byte[] packet = withChain(HOP_BY_HOP, options8(FRAGMENT), fragment(DESTINATION_OPTIONS, 0, true), options8(TCP));
        assertEquals(Skip.IP_FRAGMENT, decode(LinkType.RAW, packet));
    }

    @Test
    void fragmentOfAUdpDatagramIsNotTcp() {
        assertEquals(Skip.NON_TCP, decode(LinkType.RAW, withChain(FRAGMENT, fragment(UDP, 0, true))));
    }

    @Test
    void espEndsTheChainAsNotTcp() {
        assertEquals(Skip.NON_TCP, decode(LinkType.RAW, withChain(ESP)));
    }

    @Test
    void noNextHeaderEndsTheChainAsNotTcp() {
        assertEquals(Skip.NON_TCP, decode(LinkType.RAW, withChain(HOP_BY_HOP, options8(NO_NEXT_HEADER))));
    }

    @Test
    void udpIsNotTcp() {
        assertEquals(Skip.NON_TCP, decode(LinkType.RAW, withChain(UDP)));
    }

    @Test
    void chainLongerThanTheCapIsMalformed() {
        byte[][] chain = new byte[Ipv6Decoder.MAX_EXTENSION_HEADERS + 1][];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = options8(i == chain.length - 1 ? TCP : DESTINATION_OPTIONS);
        }
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, withChain(DESTINATION_OPTIONS, chain)));
    }

    @Test
    void chainAtTheCapIsStillWalked() {
        byte[][] chain = new byte[Ipv6Decoder.MAX_EXTENSION_HEADERS][];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = options8(i == chain.length - 1 ? TCP : DESTINATION_OPTIONS);
        }
        assertClientSegmentV6(segment(LinkType.RAW, withChain(DESTINATION_OPTIONS, chain)), HELLO.length);
    }

    @Test
    void extensionHeaderRunningPastThePayloadLengthIsMalformed() {
        byte[] packet = withChain(HOP_BY_HOP, options8(TCP));
        put16(packet, PAYLOAD_LENGTH, 4); // the IP header says only 4 bytes follow, the 8-byte header does not fit
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void payloadLengthEndingInsideTheTcpFixedHeaderIsMalformed() {
        byte[] packet = ipv6(tcp());
        put16(packet, PAYLOAD_LENGTH, 12);
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void chainCutBySnapLengthIsTruncated() {
        byte[] packet = withChain(HOP_BY_HOP, options8(ROUTING), routing(TCP));
        assertEquals(Skip.TRUNCATED, decode(LinkType.RAW, cut(packet, IPV6_HEADER + 12)));
    }

    @Test
    void headerCutBySnapLengthIsTruncated() {
        assertEquals(Skip.TRUNCATED, decode(LinkType.RAW, cut(ipv6(tcp()), 39)));
    }

    @Test
    void zeroPayloadLengthFromTsoOrJumbogramUsesTheCapturedLength() {
        byte[] packet = ipv6(tcp(new byte[5000]));
        put16(packet, PAYLOAD_LENGTH, 0);
        TcpSegment s = segment(LinkType.RAW, packet);
        assertEquals(5000, s.payloadLength());
        assertEquals(IPV6_HEADER + TCP_HEADER + 5000, s.ipLength());
    }

    @Test
    void bytesAfterThePayloadLengthAreNotPayload() {
        byte[] frame = concat(ipv6(tcp(HELLO)), new byte[] {9, 9, 9, 9});
        assertClientSegmentV6(segment(LinkType.RAW, frame), HELLO.length);
    }
}
