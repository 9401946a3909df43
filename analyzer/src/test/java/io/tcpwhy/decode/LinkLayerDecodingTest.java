package io.tcpwhy.decode;

import static io.tcpwhy.decode.Frames.assertClientSegmentV4;
import static io.tcpwhy.decode.Frames.assertClientSegmentV6;
import static io.tcpwhy.decode.Frames.concat;
import static io.tcpwhy.decode.Frames.decode;
import static io.tcpwhy.decode.Frames.ethernetHeader;
import static io.tcpwhy.decode.Frames.ipv4;
import static io.tcpwhy.decode.Frames.ipv6;
import static io.tcpwhy.decode.Frames.mplsLabel;
import static io.tcpwhy.decode.Frames.segment;
import static io.tcpwhy.decode.Frames.tcp;
import static io.tcpwhy.decode.Frames.vlanTag;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.pcap.LinkType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkLayerDecodingTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void ethernetIpv4FrameDecodesToTheSegment() {
        assertClientSegmentV4(segment(LinkType.EN10MB, ethernetHeader(0x0800, ipv4(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void ethernetIpv6FrameDecodesToTheSegment() {
        assertClientSegmentV6(segment(LinkType.EN10MB, ethernetHeader(0x86DD, ipv6(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void vlanTaggedFrameIsDecodedBehindTheTag() {
        byte[] frame = ethernetHeader(0x8100, vlanTag(100, 0x0800), ipv4(tcp(HELLO)));
        assertClientSegmentV4(segment(LinkType.EN10MB, frame), HELLO.length);
    }

    @Test
    void qinqFrameWith8021adOuterTagIsDecodedBehindBothTags() {
        byte[] frame = ethernetHeader(0x88A8, vlanTag(10, 0x8100), vlanTag(100, 0x86DD), ipv6(tcp(HELLO)));
        assertClientSegmentV6(segment(LinkType.EN10MB, frame), HELLO.length);
    }

    @Test
    void qinqFrameWithLegacy9100OuterTagIsDecoded() {
        byte[] frame = ethernetHeader(0x9100, vlanTag(10, 0x8100), vlanTag(100, 0x0800), ipv4(tcp(HELLO)));
        assertClientSegmentV4(segment(LinkType.EN10MB, frame), HELLO.length);
    }

    @Test
    void mplsLabelStackIsWalkedToTheBottomAndTheVersionNibbleChoosesIpv4() {
        byte[] frame = ethernetHeader(0x8847, mplsLabel(1000, false), mplsLabel(2000, true), ipv4(tcp(HELLO)));
        assertClientSegmentV4(segment(LinkType.EN10MB, frame), HELLO.length);
    }

    @Test
    void mplsMulticastCarryingIpv6IsDecoded() {
        byte[] frame = ethernetHeader(0x8848, mplsLabel(16, true), ipv6(tcp(HELLO)));
        assertClientSegmentV6(segment(LinkType.EN10MB, frame), HELLO.length);
    }

    @Test
    void mplsInsideVlanIsDecodedAsZeekMplsInVlanTraceNeeds() {
        byte[] frame = ethernetHeader(0x8100, vlanTag(7, 0x8847), mplsLabel(29, true), ipv4(tcp(HELLO)));
        assertClientSegmentV4(segment(LinkType.EN10MB, frame), HELLO.length);
    }

    @Test
    void mplsCarryingAPseudowireControlWordIsNotTcpRatherThanMalformed() {
        byte[] controlWord = {0, 0, 0, 0}; // RFC 4385 control word: first nibble 0
        byte[] frame = ethernetHeader(0x8847, mplsLabel(29, true), controlWord, ipv4(tcp()));
        assertEquals(Skip.NON_TCP, decode(LinkType.EN10MB, frame));
    }

    @Test
    void mplsStackWithoutBottomOfStackBeforeTheFrameEndsIsTruncated() {
        byte[] frame = ethernetHeader(0x8847, mplsLabel(1, false), mplsLabel(2, false));
        assertEquals(Skip.TRUNCATED, decode(LinkType.EN10MB, frame));
    }

    @Test
    void endlessVlanTagsAreMalformedAfterTheCap() {
        byte[][] tags = new byte[LinkLayer.MAX_LINK_TAGS + 2][];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = vlanTag(i, 0x8100);
        }
        assertEquals(Skip.MALFORMED, decode(LinkType.EN10MB, ethernetHeader(0x8100, concat(tags))));
    }

    @Test
    void pppoeSessionCarryingIpv4IsDecoded() {
        byte[] pppoe = {
            0x11,             // version 1, type 1
            0x00,             // code: session data
            0x12, 0x34,       // session id
            0x00, 0x00,       // length (not relied on: the IP header bounds the packet)
            0x00, 0x21,       // PPP protocol: IPv4
        };
        assertClientSegmentV4(segment(LinkType.EN10MB, ethernetHeader(0x8864, pppoe, ipv4(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void arpFrameIsNotTcp() {
        assertEquals(Skip.NON_TCP, decode(LinkType.EN10MB, ethernetHeader(0x0806, new byte[28])));
    }

    @Test
    void ieee8023LengthFieldFrameIsNotTcp() {
        assertEquals(Skip.NON_TCP, decode(LinkType.EN10MB, ethernetHeader(46, new byte[46])));
    }

    @Test
    void ethernetTypeIpv4CarryingAnIpv6PacketIsMalformed() {
        assertEquals(Skip.MALFORMED, decode(LinkType.EN10MB, ethernetHeader(0x0800, ipv6(tcp()))));
    }

    @Test
    void ethernetFrameShorterThanItsHeaderIsTruncated() {
        assertEquals(Skip.TRUNCATED, decode(LinkType.EN10MB, new byte[13]));
    }

    @Test
    void ethernetHeaderWithNothingBehindIsTruncated() {
        assertEquals(Skip.TRUNCATED, decode(LinkType.EN10MB, ethernetHeader(0x0800)));
    }

    @Test
    void nullLinkWithLittleEndianAfInetIsDecoded() {
        byte[] family = {2, 0, 0, 0}; // AF_INET written by a little-endian host
        assertClientSegmentV4(segment(LinkType.NULL, concat(family, ipv4(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void nullLinkWithBigEndianAfInetIsDecoded() {
        byte[] family = {0, 0, 0, 2}; // AF_INET written by a big-endian host
        assertClientSegmentV4(segment(LinkType.NULL, concat(family, ipv4(tcp(HELLO)))), HELLO.length);
    }

    @ParameterizedTest(name = "AF_INET6 = {0}")
    @ValueSource(ints = {10, 24, 28, 30})
    void nullLinkWithEachIpv6AddressFamilyInLittleEndianIsDecoded(int family) {
        byte[] header = {(byte) family, 0, 0, 0};
        assertClientSegmentV6(segment(LinkType.NULL, concat(header, ipv6(tcp(HELLO)))), HELLO.length);
    }

    @ParameterizedTest(name = "AF_INET6 = {0}")
    @ValueSource(ints = {10, 24, 28, 30})
    void nullLinkWithEachIpv6AddressFamilyInBigEndianIsDecoded(int family) {
        byte[] header = {0, 0, 0, (byte) family};
        assertClientSegmentV6(segment(LinkType.NULL, concat(header, ipv6(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void nullLinkWithAnotherAddressFamilyIsNotTcp() {
        byte[] family = {7, 0, 0, 0}; // not an IP family
        assertEquals(Skip.NON_TCP, decode(LinkType.NULL, concat(family, ipv4(tcp()))));
    }

    @Test
    void loopLinkWithNetworkOrderAfInetIsDecoded() {
        byte[] family = {0, 0, 0, 2}; // AF_INET, network order
        assertClientSegmentV4(segment(LinkType.LOOP, concat(family, ipv4(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void loopLinkWithNetworkOrderAfInet6IsDecoded() {
        byte[] family = {0, 0, 0, 24}; // AF_INET6 (OpenBSD), network order
        assertClientSegmentV6(segment(LinkType.LOOP, concat(family, ipv6(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void loopLinkDoesNotAcceptHostOrderFamily() {
        byte[] family = {2, 0, 0, 0}; // LOOP is always network order: this is family 0x02000000
        assertEquals(Skip.NON_TCP, decode(LinkType.LOOP, concat(family, ipv4(tcp()))));
    }

    @Test
    void linuxCookedV1FrameIsDecoded() {
        byte[] sll = {
            0x00, 0x00,                   // packet type: to us
            0x00, 0x01,                   // ARPHRD_ETHER
            0x00, 0x06,                   // link-layer address length
            0x02, 0, 0, 0, 0, 0x01, 0, 0, // address, padded to 8
            0x08, 0x00,                   // protocol: IPv4
        };
        assertClientSegmentV4(segment(LinkType.LINUX_SLL, concat(sll, ipv4(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void linuxCookedV1FrameWithVlanTagLeftInIsDecoded() {
        byte[] sll = {
            0x00, 0x04,                   // packet type: outgoing
            0x00, 0x01,                   // ARPHRD_ETHER
            0x00, 0x06,                   // link-layer address length
            0x02, 0, 0, 0, 0, 0x01, 0, 0, // address, padded to 8
            (byte) 0x81, 0x00,            // protocol: 802.1Q
        };
        byte[] frame = concat(sll, vlanTag(5, 0x86DD), ipv6(tcp(HELLO)));
        assertClientSegmentV6(segment(LinkType.LINUX_SLL, frame), HELLO.length);
    }

    @Test
    void linuxCookedV2FrameIsDecoded() {
        byte[] sll2 = {
            (byte) 0x86, (byte) 0xDD,     // protocol: IPv6
            0x00, 0x00,                   // reserved
            0x00, 0x00, 0x00, 0x02,       // interface index
            0x00, 0x01,                   // ARPHRD_ETHER
            0x00,                         // packet type: to us
            0x06,                         // link-layer address length
            0x02, 0, 0, 0, 0, 0x01, 0, 0, // address, padded to 8
        };
        assertClientSegmentV6(segment(LinkType.LINUX_SLL2, concat(sll2, ipv6(tcp(HELLO)))), HELLO.length);
    }

    @Test
    void linuxCookedV2FrameCutInsideItsHeaderIsTruncated() {
        assertEquals(Skip.TRUNCATED, decode(LinkType.LINUX_SLL2, new byte[19]));
    }

    @ParameterizedTest(name = "link type {0}")
    @ValueSource(ints = {LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14})
    void rawLinkLetsTheVersionNibbleChooseIpv4(int linkType) {
        assertClientSegmentV4(segment(linkType, ipv4(tcp(HELLO))), HELLO.length);
    }

    @ParameterizedTest(name = "link type {0}")
    @ValueSource(ints = {LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14})
    void rawLinkLetsTheVersionNibbleChooseIpv6(int linkType) {
        assertClientSegmentV6(segment(linkType, ipv6(tcp(HELLO))), HELLO.length);
    }

    @Test
    void rawLinkWithVersionNibbleFiveIsMalformed() {
        byte[] packet = ipv4(tcp());
        packet[0] = 0x55; // version 5, IHL 5
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void rawLinkWithEmptyFrameIsTruncated() {
        assertEquals(Skip.TRUNCATED, decode(LinkType.RAW, new byte[0]));
    }

    @Test
    void ipv4LinkTypeDecodesIpv4() {
        assertClientSegmentV4(segment(LinkType.IPV4, ipv4(tcp(HELLO))), HELLO.length);
    }

    @Test
    void ipv6LinkTypeDecodesIpv6() {
        assertClientSegmentV6(segment(LinkType.IPV6, ipv6(tcp(HELLO))), HELLO.length);
    }

    @Test
    void ipv4LinkTypeCarryingIpv6IsMalformed() {
        assertEquals(Skip.MALFORMED, decode(LinkType.IPV4, ipv6(tcp())));
    }

    @Test
    void ipv6LinkTypeCarryingIpv4IsMalformed() {
        assertEquals(Skip.MALFORMED, decode(LinkType.IPV6, ipv4(tcp())));
    }

    @ParameterizedTest(name = "link type {0}")
    @ValueSource(ints = {105, 127, 147, 9999})
    void unsupportedLinkTypeIsSkippedAsSuch(int linkType) {
        assertEquals(Skip.UNSUPPORTED_LINK, decode(linkType, ipv4(tcp())));
    }
}
