package io.tcpwhy.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.net.IpAddress;
import io.tcpwhy.pcap.LinkType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tunnels nested, cut short, or only looking like tunnels: one test per case. */
class TunnelEdgeCasesTest {

    /** Ethernet (14) + IPv4 (20) + UDP (8): where a UDP tunnel's header starts in a {@link TunnelWrap} frame. */
    private static final int UDP_TUNNEL_HEADER = 42;
    /** Ethernet (14) + IPv4 (20): where GRE starts. */
    private static final int GRE_HEADER = 34;

    private static final byte[] INNER = Frames.ipv4(Frames.tcp());

    private static DecodeResult decode(byte[] frame) {
        return Frames.decode(LinkType.EN10MB, frame);
    }

    /** The IP packet inside a TunnelWrap frame (its Ethernet header dropped), to wrap again. */
    private static byte[] ipOf(byte[] frame) {
        return Arrays.copyOfRange(frame, 14, frame.length);
    }

    @Test
    void twoTunnelsDeepDecodesWithTheInnerTunnelNamingTheOuterOne() {
        byte[] vxlanInGre = TunnelWrap.GRE_KEY_SEQUENCE.wrap(ipOf(TunnelWrap.VXLAN.wrap(INNER)));
        TcpSegment s = Frames.segment(LinkType.EN10MB, vxlanInGre);
        Frames.assertClientSegmentV4(s, 0);
        assertEquals(TunnelType.VXLAN, s.tunnel().type());
        assertEquals(TunnelType.GRE, s.tunnel().enclosing().type());
        assertNull(s.tunnel().enclosing().enclosing());
        assertEquals(2, s.tunnel().depth());
        assertEquals(TunnelType.GRE, s.tunnel().outermost().type());
    }

    @Test
    void threeTunnelsDeepIsBeyondZeeksMaxDepthAndSkippedAsMalformed() {
        byte[] twoDeep = TunnelWrap.GRE_KEY_SEQUENCE.wrap(ipOf(TunnelWrap.VXLAN.wrap(INNER)));
        assertEquals(Skip.MALFORMED, decode(TunnelWrap.IP_IN_IPV4.wrap(ipOf(twoDeep))));
        assertEquals(Skip.MALFORMED, decode(TunnelWrap.GTP_U.wrap(ipOf(twoDeep))));
    }

    @Test
    void aHostileStackOfIpInIpStopsAtTheDepthCap() {
        byte[] packet = INNER;
        for (int i = 0; i < 1000; i++) {
            packet = ipOf(TunnelWrap.IP_IN_IPV4.wrap(packet));
        }
        assertEquals(Skip.MALFORMED, decode(TunnelWrap.IP_IN_IPV4.wrap(packet)));
    }

    @Test
    void vxlanWithoutTheIFlagIsOrdinaryUdp() {
        byte[] frame = TunnelWrap.VXLAN.wrap(INNER);
        frame[UDP_TUNNEL_HEADER] = 0;
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void udpOnATunnelPortTooShortForItsHeaderIsOrdinaryUdp() {
        byte[] frame = TunnelWrap.VXLAN.wrap(INNER);
        assertEquals(Skip.NON_TCP, decode(Arrays.copyOf(frame, UDP_TUNNEL_HEADER + 4)));
    }

    @Test
    void udpShorterThanItsHeaderClaimsIsMalformed() {
        byte[] frame = TunnelWrap.VXLAN.wrap(INNER);
        Frames.put16(frame, UDP_TUNNEL_HEADER - 4, 7); // RFC 768: length includes the 8-byte header
        assertEquals(Skip.MALFORMED, decode(frame));
    }

    @Test
    void innerFrameCutByTheCaptureIsTruncatedAsUnwrapped() {
        byte[] frame = TunnelWrap.VXLAN.wrap(INNER);
        assertEquals(Skip.TRUNCATED, decode(Arrays.copyOf(frame, frame.length - INNER.length + 30)));
    }

    @Test
    void geneveOfAnotherVersionIsOrdinaryUdp() {
        byte[] frame = TunnelWrap.GENEVE_IP.wrap(INNER);
        frame[UDP_TUNNEL_HEADER] = 0x40; // Ver 1: RFC 8926 §3.4 defines only 0
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void geneveOptionsRunningPastTheCaptureAreTruncated() {
        byte[] frame = TunnelWrap.GENEVE_IP.wrap(INNER);
        frame[UDP_TUNNEL_HEADER] = 0x3F; // 63 words of options
        assertEquals(Skip.TRUNCATED, decode(Arrays.copyOf(frame, UDP_TUNNEL_HEADER + 100)));
    }

    @Test
    void greWithSourceRoutingIsNotFollowed() {
        byte[] frame = TunnelWrap.GRE_KEY_SEQUENCE.wrap(INNER);
        frame[GRE_HEADER] |= 0x40;
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void greOfAnUnknownVersionIsNotTcp() {
        byte[] frame = TunnelWrap.GRE_KEY_SEQUENCE.wrap(INNER);
        frame[GRE_HEADER + 1] = 0x02;
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void greCarryingArpIsNotTcp() {
        byte[] frame = TunnelWrap.GRE_KEY_SEQUENCE.wrap(INNER);
        Frames.put16(frame, GRE_HEADER + 2, 0x0806);
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void greCutInsideItsOptionalFieldsIsTruncated() {
        byte[] frame = TunnelWrap.GRE_KEY_SEQUENCE.wrap(INNER);
        assertEquals(Skip.TRUNCATED, decode(Arrays.copyOf(frame, GRE_HEADER + 6)));
    }

    @Test
    void erspanIiiCutInsideItsHeaderIsTruncated() {
        byte[] frame = TunnelWrap.ERSPAN_III.wrap(INNER);
        assertEquals(Skip.TRUNCATED, decode(Arrays.copyOf(frame, GRE_HEADER + 8 + 6)));
    }

    @Test
    void pptpGreCarryingAnotherPppProtocolIsNotTcp() {
        byte[] frame = TunnelWrap.GRE_PPTP.wrap(INNER);
        Frames.put16(frame, GRE_HEADER + 14, 0xC021); // LCP
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void ipInIpWhoseInnerVersionContradictsTheProtocolIsMalformed() {
        byte[] frame = TunnelWrap.IP_IN_IPV4.wrap(INNER);
        frame[14 + 9] = 41; // says IPv6, carries IPv4
        assertEquals(Skip.MALFORMED, decode(frame));
    }

    @Test
    void gtpMessagesOtherThanGPduCarryNoUserPacket() {
        byte[] frame = TunnelWrap.GTP_U.wrap(INNER);
        frame[UDP_TUNNEL_HEADER + 1] = 1; // Echo Request
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void gtpExtensionOfLengthZeroIsMalformed() {
        byte[] frame = TunnelWrap.GTP_U.wrap(INNER);
        frame[UDP_TUNNEL_HEADER + 12] = 0; // TS 29.281 §5.2.1: length in 4-octet units, never 0
        assertEquals(Skip.MALFORMED, decode(frame));
    }

    @Test
    void gtpWithoutOptionalFieldsDecodes() {
        byte[] gtp = {0x30, (byte) 0xFF, 0, (byte) INNER.length, 0, 0, 0, 1};
        TcpSegment s = Frames.segment(LinkType.EN10MB, TunnelWrap.udpOverIpv4(2152, 2152, TunnelWrap.concat(gtp, INNER)));
        Frames.assertClientSegmentV4(s, 0);
        assertEquals(TunnelType.GTPV1, s.tunnel().type());
    }

    @Test
    void teredoPortWithoutAnIpv6PacketIsOrdinaryUdp() {
        byte[] notIpv6 = new byte[60];
        assertEquals(Skip.NON_TCP, decode(TunnelWrap.udpOverIpv4(3544, 40000, notIpv6)));
    }

    @Test
    void teredoWithAnAuthenticationIndicatorDecodes() {
        byte[] inner6 = Frames.ipv6(Frames.tcp());
        // RFC 4380 §5.1.1: type 0x0001, ID-len 2, AU-len 1, client id, auth value, nonce (8), confirmation.
        byte[] auth = {0, 1, 2, 1, 'i', 'd', 'a', 1, 2, 3, 4, 5, 6, 7, 8, 0};
        TcpSegment s = Frames.segment(LinkType.EN10MB, TunnelWrap.udpOverIpv4(40000, 3544, TunnelWrap.concat(auth, inner6)));
        assertEquals(TunnelType.TEREDO, s.tunnel().type());
        assertEquals(3544, s.tunnel().destination().port());
        assertEquals(IpAddress.of(Frames.CLIENT6.getAddress()), s.src().address());
    }

    @Test
    void ayiyaOtherThanForwardIsNotDecapsulated() {
        byte[] frame = TunnelWrap.AYIYA.wrap(INNER);
        frame[UDP_TUNNEL_HEADER + 2] = 0x12; // opcode 2: echo request
        assertEquals(Skip.NON_TCP, decode(frame));
    }

    @Test
    void ordinaryUdpIsStillNotTcp() {
        assertEquals(Skip.NON_TCP, decode(TunnelWrap.udpOverIpv4(53, 40000, new byte[40])));
    }

    @Test
    void pbbCutInsideTheITagIsTruncated() {
        byte[] frame = TunnelWrap.PBB.wrap(INNER);
        assertEquals(Skip.TRUNCATED, decode(Arrays.copyOf(frame, 14 + 4 + 10)));
    }

    @Test
    void tunnelTypesCarryZeeksNames() {
        assertEquals("Tunnel::GTPv1", TunnelType.GTPV1.zeekName());
        assertEquals("Tunnel::VXLAN", TunnelType.VXLAN.zeekName());
        assertEquals("geneve", TunnelType.GENEVE.wireName());
    }
}
