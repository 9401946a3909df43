package io.tcpwhy.decode;

import static io.tcpwhy.decode.Frames.ETHERNET_HEADER;
import static io.tcpwhy.decode.Frames.IPV4_HEADER;
import static io.tcpwhy.decode.Frames.TCP_HEADER;
import static io.tcpwhy.decode.Frames.assertClientSegmentV4;
import static io.tcpwhy.decode.Frames.cut;
import static io.tcpwhy.decode.Frames.decode;
import static io.tcpwhy.decode.Frames.ethernetHeader;
import static io.tcpwhy.decode.Frames.ipv4;
import static io.tcpwhy.decode.Frames.put16;
import static io.tcpwhy.decode.Frames.segment;
import static io.tcpwhy.decode.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.decode.DecodeResult.Skip;
import io.tcpwhy.pcap.LinkType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpNoOperationOption;
import org.pcap4j.packet.TcpSackPermittedOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;

class TcpHeaderDecodingTest {

    /** RFC 9293 §3.1: data offset (high nibble) at byte 12, flags at byte 13. */
    private static final int DATA_OFFSET = 12;
    private static final int FLAGS = 13;
    private static final int TCP_AT = IPV4_HEADER;

    @Test
    void allEightFlagBitsAreReported() {
        byte[] packet = ipv4(tcp());
        packet[TCP_AT + FLAGS] = (byte) 0xFF;
        TcpSegment s = segment(LinkType.RAW, packet);
        assertEquals(0xFF, s.flags());
        assertEquals("SFRPUEW.", s.flagString());
    }

    @Test
    void synAckFlagsAreDecoded() {
        TcpSegment s = segment(LinkType.RAW, ipv4(tcp().psh(false).syn(true)));
        assertEquals(TcpSegment.SYN | TcpSegment.ACK, s.flags());
        assertEquals(1, s.seqLength());
    }

    @Test
    void segmentWithoutOptionsSharesTheNoneInstance() {
        assertSame(TcpOptions.NONE, segment(LinkType.RAW, ipv4(tcp())).options());
    }

    @Test
    void frameCutInsideTheTcpFixedHeaderIsTruncated() {
        byte[] frame = ethernetHeader(0x0800, ipv4(tcp(new byte[100])));
        assertEquals(Skip.TRUNCATED, decode(LinkType.EN10MB, cut(frame, ETHERNET_HEADER + IPV4_HEADER + 19)));
    }

    @Test
    void frameCutInsideTheOptionsKeepsTheOptionsThatFit() {
        byte[] packet = ipv4(tcp(new byte[0],
                new TcpMaximumSegmentSizeOption.Builder().maxSegSize((short) 1460).correctLengthAtBuild(true).build(),
                TcpNoOperationOption.getInstance(),
                new TcpWindowScaleOption.Builder().shiftCount((byte) 7).correctLengthAtBuild(true).build(),
                TcpSackPermittedOption.getInstance(),
                new TcpTimestampsOption.Builder().tsValue(11).tsEchoReply(0).correctLengthAtBuild(true).build()).syn(true));
        // MSS (4) + NOP (1) + window scale (3) fit; SACK permitted's length byte and the timestamps do not.
        TcpSegment s = segment(LinkType.RAW, cut(packet, TCP_AT + TCP_HEADER + 9));
        assertEquals(1460, s.options().mss());
        assertEquals(7, s.options().windowScale());
        assertFalse(s.options().sackPermitted());
        assertFalse(s.options().timestamps());
        assertEquals(0, s.payloadLength());
    }

    @Test
    void payloadCutBySnapLengthKeepsTheIpPayloadLength() {
        byte[] frame = ethernetHeader(0x0800, ipv4(tcp(new byte[1000])));
        TcpSegment s = segment(LinkType.EN10MB, cut(frame, ETHERNET_HEADER + IPV4_HEADER + TCP_HEADER + 100));
        assertEquals(1000, s.payloadLength());
        assertEquals(100, s.capturedPayload());
        assertEquals(IPV4_HEADER + TCP_HEADER + 1000, s.ipLength());
        assertEquals(1000, s.seqLength());
    }

    @Test
    void dataOffsetBelowFiveWordsIsMalformed() {
        byte[] packet = ipv4(tcp());
        packet[TCP_AT + DATA_OFFSET] = 0x40; // data offset 4
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void dataOffsetReachingPastTheIpPacketIsMalformed() {
        byte[] packet = ipv4(tcp(new byte[10]));
        packet[TCP_AT + DATA_OFFSET] = (byte) 0xF0; // 60-byte header in a 30-byte TCP segment
        assertEquals(Skip.MALFORMED, decode(LinkType.RAW, packet));
    }

    @Test
    void dataOffsetReachingPastTheCaptureOfAnUnsizedTsoPacketStillDecodes() {
        byte[] packet = ipv4(tcp());
        put16(packet, 2, 0);                        // IPv4 total length 0 (TSO)
        packet[TCP_AT + DATA_OFFSET] = (byte) 0x80; // 32-byte header, 12 option bytes not captured
        TcpSegment s = segment(LinkType.RAW, packet);
        assertEquals(0, s.payloadLength());
        assertSame(TcpOptions.NONE, s.options());
    }

    @Test
    void frameInsideALargerLittleEndianBufferDecodesTheSameAndLeavesTheBufferAlone() {
        byte[] packet = ipv4(tcp(new byte[33]));
        ByteBuffer buf = ByteBuffer.allocateDirect(packet.length + 100).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(57);
        buf.put(packet);
        buf.position(3).limit(57 + packet.length + 10);

        TcpSegment s = assertInstanceOf(TcpSegment.class,
                new PacketDecoder().decode(7, 1_000L, LinkType.RAW, buf, 57, packet.length));

        assertClientSegmentV4(s, 33);
        assertEquals(3, buf.position());
        assertEquals(57 + packet.length + 10, buf.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, buf.order());
    }

    @Test
    void readOnlyBufferIsDecoded() {
        byte[] packet = ipv4(tcp(new byte[8]));
        ByteBuffer buf = ByteBuffer.wrap(packet).asReadOnlyBuffer();
        assertTrue(new PacketDecoder().decode(1, 0, LinkType.RAW, buf, 0, packet.length) instanceof TcpSegment);
    }

    @Test
    void rangeBeyondTheBufferLimitIsRejectedAsACallerBug() {
        ByteBuffer buf = ByteBuffer.wrap(ipv4(tcp()));
        buf.limit(30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PacketDecoder().decode(5, 0, LinkType.RAW, buf, 0, 40));
        assertEquals("frame 5 at 0 length 40 (expected inside the buffer's limit 30)", e.getMessage());
    }
}
