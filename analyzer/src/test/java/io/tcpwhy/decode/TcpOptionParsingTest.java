package io.tcpwhy.decode;

import static io.tcpwhy.decode.Frames.ipv4;
import static io.tcpwhy.decode.Frames.segment;
import static io.tcpwhy.decode.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.pcap.LinkType;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.TcpEndOfOptionList;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpNoOperationOption;
import org.pcap4j.packet.TcpSackOption;
import org.pcap4j.packet.TcpSackPermittedOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;

class TcpOptionParsingTest {

    private static TcpOptions parse(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return TcpOptionParser.parse(ByteBuffer.wrap(b), 0, b.length);
    }

    @Test
    void maximumSegmentSizeIsRead() {
        TcpOptions o = segment(LinkType.RAW, ipv4(tcp(new byte[0],
                new TcpMaximumSegmentSizeOption.Builder().maxSegSize((short) 65495).correctLengthAtBuild(true).build())))
                .options();
        assertEquals(65495, o.mss());
        assertEquals(-1, o.windowScale());
    }

    @Test
    void windowScaleIsRead() {
        TcpOptions o = segment(LinkType.RAW, ipv4(tcp(new byte[0], TcpNoOperationOption.getInstance(),
                new TcpWindowScaleOption.Builder().shiftCount((byte) 7).correctLengthAtBuild(true).build()))).options();
        assertEquals(7, o.windowScale());
        assertEquals(-1, o.mss());
    }

    @Test
    void windowScaleAboveFourteenIsUsedAsFourteen() {
        assertEquals(14, parse(3, 3, 15).windowScale()); // kind 3, length 3, shift 15
    }

    @Test
    void sackPermittedIsRead() {
        TcpOptions o = segment(LinkType.RAW, ipv4(tcp(new byte[0], TcpSackPermittedOption.getInstance()))).options();
        assertTrue(o.sackPermitted());
        assertFalse(o.sack());
    }

    @Test
    void sackBlocksAreRecognised() {
        TcpSackOption sack = new TcpSackOption.Builder()
                .sacks(List.of(new TcpSackOption.Sack(1000, 2000), new TcpSackOption.Sack(3000, 4000)))
                .correctLengthAtBuild(true).build();
        TcpOptions o = segment(LinkType.RAW, ipv4(tcp(new byte[0], TcpNoOperationOption.getInstance(),
                TcpNoOperationOption.getInstance(), sack))).options();
        assertTrue(o.sack());
        assertFalse(o.sackPermitted());
    }

    @Test
    void timestampsAreReadAsUnsigned32BitValues() {
        TcpOptions o = segment(LinkType.RAW, ipv4(tcp(new byte[0], TcpNoOperationOption.getInstance(),
                TcpNoOperationOption.getInstance(),
                new TcpTimestampsOption.Builder().tsValue(0xFFFF_FFFE).tsEchoReply(123456).correctLengthAtBuild(true)
                        .build()))).options();
        assertTrue(o.timestamps());
        assertEquals(0xFFFF_FFFEL, o.tsVal());
        assertEquals(123456L, o.tsEcr());
    }

    @Test
    void typicalLinuxSynOptionsAreAllRead() {
        TcpOptions o = parse(
                2, 4, 0x05, 0xB4,        // MSS 1460
                4, 2,                    // SACK permitted
                8, 10, 0, 0, 0, 1, 0, 0, 0, 0, // timestamps: TSval 1, TSecr 0
                1,                       // NOP
                3, 3, 7);                // window scale 7
        assertEquals(new TcpOptions(1460, 7, true, false, true, 1, 0), o);
    }

    @Test
    void endOfOptionListStopsParsing() {
        TcpOptions o = segment(LinkType.RAW, ipv4(tcp(new byte[0],
                new TcpMaximumSegmentSizeOption.Builder().maxSegSize((short) 1400).correctLengthAtBuild(true).build(),
                TcpEndOfOptionList.getInstance()))).options();
        assertEquals(1400, o.mss());
        assertEquals(-1, parse(0, 3, 3, 7).windowScale()); // EOL, then a window scale that is padding
    }

    @Test
    void onlyNopsAndEndOfListGiveTheNoneInstance() {
        assertSame(TcpOptions.NONE, parse(1, 1, 1, 0));
    }

    @Test
    void unknownOptionIsSkippedByItsLength() {
        TcpOptions o = parse(
                30, 4, 0x20, 0x00,       // MPTCP (kind 30), length 4
                2, 4, 0x05, 0x78);       // MSS 1400
        assertEquals(1400, o.mss());
    }

    @Test
    void lengthBelowTwoStopsParsingAndKeepsEarlierOptions() {
        TcpOptions o = parse(
                2, 4, 0x05, 0xB4,        // MSS 1460
                30, 1,                   // kind 30 with length 1: impossible
                3, 3, 7);                // window scale, never reached
        assertEquals(1460, o.mss());
        assertEquals(-1, o.windowScale());
    }

    @Test
    void lengthZeroStopsParsingInsteadOfLooping() {
        assertSame(TcpOptions.NONE, parse(30, 0, 30, 0, 30, 0));
    }

    @Test
    void optionLongerThanTheOptionSpaceStopsParsing() {
        TcpOptions o = parse(
                3, 3, 2,                 // window scale 2
                8, 10, 0, 0, 0, 1);      // timestamps claiming 10 bytes, 5 present
        assertEquals(2, o.windowScale());
        assertFalse(o.timestamps());
    }

    @Test
    void wrongLengthForAKnownOptionStopsParsing() {
        TcpOptions o = parse(
                4, 2,                    // SACK permitted
                2, 3, 0x05,              // MSS with length 3: not an MSS
                3, 3, 7);                // window scale, never reached
        assertTrue(o.sackPermitted());
        assertEquals(-1, o.mss());
        assertEquals(-1, o.windowScale());
    }

    @Test
    void sackWithoutWholeBlocksStopsParsing() {
        TcpOptions o = parse(
                2, 4, 0x05, 0xB4,        // MSS 1460
                5, 6, 0, 0, 0, 1);       // SACK with 4 bytes: not a block
        assertEquals(1460, o.mss());
        assertFalse(o.sack());
    }

    @Test
    void kindWithoutItsLengthByteStopsParsing() {
        assertSame(TcpOptions.NONE, parse(1, 1, 1, 2)); // NOPs, then MSS kind as the last byte
    }
}
