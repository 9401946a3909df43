package io.tcpwhy.decode;

import static io.tcpwhy.decode.Frames.ETHERNET_HEADER;
import static io.tcpwhy.decode.Frames.IPV4_HEADER;
import static io.tcpwhy.decode.Frames.TCP_HEADER;
import static io.tcpwhy.decode.Frames.assertClientSegmentV4;
import static io.tcpwhy.decode.Frames.concat;
import static io.tcpwhy.decode.Frames.cut;
import static io.tcpwhy.decode.Frames.decode;
import static io.tcpwhy.decode.Frames.ethernet;
import static io.tcpwhy.decode.Frames.ethernetHeader;
import static io.tcpwhy.decode.Frames.ipv4;
import static io.tcpwhy.decode.Frames.ipv4Builder;
import static io.tcpwhy.decode.Frames.put16;
import static io.tcpwhy.decode.Frames.segment;
import static io.tcpwhy.decode.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.pcap.LinkType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.IpV4EndOfOptionList;
import org.pcap4j.packet.IpV4NoOperationOption;
import org.pcap4j.packet.IpV4Packet;

class Ipv4DecodingTest {

    // RFC 791 §3.1 field offsets, as the tests patch them.
    private static final int VERSION_IHL = 0;
    private static final int TOTAL_LENGTH = 2;
    private static final int FLAGS_FRAGMENT = 6;
    private static final int PROTOCOL = 9;
    private static final int CHECKSUM = 10;

    private static final byte[] PAYLOAD = new byte[100];

    @Test
    void optionsAreSkippedByTheHeaderLength() {
        List<IpV4Packet.IpV4Option> options = List.of(IpV4NoOperationOption.getInstance(),
                IpV4NoOperationOption.getInstance(), IpV4NoOperationOption.getInstance(),
                IpV4NoOperationOption.getInstance(), IpV4NoOperationOption.getInstance(),
                IpV4EndOfOptionList.getInstance());
        byte[] packet = ipv4Builder(tcp(PAYLOAD)).options(options).build().getRawData();
        assertEquals(0x47, packet[VERSION_IHL], "fixture: version 4, IHL 7 (8 option bytes)");

        TcpSegment s = segment(LinkType.RAW, packet);
        assertClientSegmentV4(s, PAYLOAD.length);
        assertEquals(28 + TCP_HEADER + PAYLOAD.length, s.ipLength());
    }

    @Test
    void optionsCutBySnapLengthAreTruncated() {
        byte[] packet = ipv4Builder(tcp()).options(List.of(IpV4NoOperationOption.getInstance(),
                IpV4NoOperationOption.getInstance(), IpV4NoOperationOption.getInstance(),
                IpV4EndOfOptionList.getInstance())).build().getRawData();
        assertEquals(Skip.TRUNCATED, decode(LinkType.RAW, cut(packet, 22)));
    }

    @Test
    void firstFragmentWithMoreFragmentsSetIsSkippedAsFragment() {
        byte[] packet = ipv4(tcp(PAYLOAD));
        put16(packet, FLAGS_FRAGMENT, 0x2000); // MF = 1, offset 0
        assertEquals(Skip.IP_FRAGMENT, decode(LinkType.RAW, packet));
    }

    @Test
    void laterFragmentWithOffsetIsSkippedAsFragmentNeverParsedAsTcp() {
        byte[] packet = ipv4(tcp(PAYLOAD));
        put16(packet, FLAGS_FRAGMENT, 185); // MF = 0, offset 185 * 8 bytes: the last fragment
        assertEquals(Skip.IP_FRAGMENT, decode(LinkType.RAW, packet));
    }

    @Test
    void fragmentOfAUdpDatagramIsNotTcpRatherThanAFragment() {
        byte[] packet = ipv4(tcp(PAYLOAD));
        packet[PROTOCOL] = 17;
        put16(packet, FLAGS_FRAGMENT, 0x2000);
        assertEquals(Skip.NON_TCP, decode(LinkType.RAW, packet));
    }

    @Test
    void udpIsNotTcp() {
        byte[] packet = ipv4(tcp());
        packet[PROTOCOL] = 17;
        assertEquals(Skip.NON_TCP, decode(LinkType.RAW, packet));
    }

    @Test
    void ethernetMinimumFramePaddingIsNotCountedAsPayload() {
        byte[] frame = ethernet(ipv4Builder(tcp()));
        assertEquals(60, frame.length, "fixture: 54-byte frame padded to Ethernet's 60-byte minimum");
        TcpSegment s = segment(LinkType.EN10MB, frame);
        assertEquals(0, s.payloadLength());
        assertEquals(0, s.capturedPayload());
        assertEquals(IPV4_HEADER + TCP_HEADER, s.ipLength());
    }

    @Test
    void nonZeroTrailerAfterTheIpPacketIsNotCountedAsPayload() {
        byte[] trailer = {1, 2, 3, 4, 5, 6, 7, 8}; // e.g. a switch's trailer, as in Zeek's tcp-http-with-padding.pcap
        byte[] frame = ethernetHeader(0x0800, ipv4(tcp(new byte[3])), trailer);
        TcpSegment s = segment(LinkType.EN10MB, frame);
        assertEquals(3, s.payloadLength());
        assertEquals(3, s.capturedPayload());
    }

    @Test
    void zeroTotalLengthFromTsoUsesTheCapturedLength() {
        byte[] packet = ipv4(tcp(new byte[3000]));
        put16(packet, TOTAL_LENGTH, 0); // left 0 by TSO on the capturing host
        TcpSegment s = segment(LinkType.RAW, packet);
        assertEquals(3000, s.payloadLength());
        assertEquals(3000, s.capturedPayload());
        assertEquals(IPV4_HEADER + TCP_HEADER + 3000, s.ipLength());
    }

    @Test
    void zeroTotalLengthCutInsideTheTcpHeaderIsTruncatedNotMalformed() {
        byte[] packet = ipv4(tcp(new byte[3000]));
        put16(packet, TOTAL_LENGTH, 0);
        assertEquals(Skip.TRUNCATED, decode(LinkType.RAW, cut(packet, IPV4_HEADER + 10)));
    }

    @Test
    void headerChecksumIsNotVerified() {
        byte[] packet = ipv4(tcp(PAYLOAD));
        put16(packet, CHECKSUM, 0xDEAD); // wrong, as loopback captures with checksum offload show it
        assertClientSegmentV4(segment(LinkType.RAW, packet), PAYLOAD.length);
    }

    @Test
    void headerLengthBelowFiveWordsIsMalformed() {
        byte[] packet = ipv4(tcp());
        packet[VERSION_IHL] = 0x44; // version 4, IHL 4
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void totalLengthShorterThanTheHeaderIsMalformed() {
        byte[] packet = ipv4(tcp());
        put16(packet, TOTAL_LENGTH, 19);
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void totalLengthEndingInsideTheTcpFixedHeaderIsMalformed() {
        byte[] packet = ipv4(tcp());
        put16(packet, TOTAL_LENGTH, IPV4_HEADER + 10); // leaves TCP 10 bytes although 20 were captured
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void frameCutInsideTheIpv4HeaderIsTruncated() {
        byte[] frame = ethernetHeader(0x0800, ipv4(tcp()));
        assertEquals(Skip.TRUNCATED, decode(LinkType.EN10MB, cut(frame, ETHERNET_HEADER + 19)));
    }

    @Test
    void trailingGarbageDoesNotChangeTheSegment() {
        byte[] frame = concat(ipv4(tcp(PAYLOAD)), new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertClientSegmentV4(segment(LinkType.RAW, frame), PAYLOAD.length);
    }
}
