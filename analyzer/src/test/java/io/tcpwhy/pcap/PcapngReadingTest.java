package io.tcpwhy.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReadingTest {

    static final int SHB = 0x0a0d0d0a;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int NRB = 4;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int SHB_LENGTH = 28;
    static final int IDB_LENGTH = 20; // without options

    private static final long EPOCH_SECONDS = 1_700_000_000L;

    @TempDir
    Path dir;

    /** Section Header Block with no options: 28 bytes. */
    static CaptureBytes shb(CaptureBytes b) {
        return b.block(SHB, body -> body
                .u32(0x1a2b3c4d)            // byte-order magic, in the section's order
                .u16(1).u16(0)              // version 1.0
                .u64(-1));                  // section length: unknown
    }

    /** Interface Description Block without options: 20 bytes. */
    static CaptureBytes idb(CaptureBytes b, int linkType, int snapLength) {
        return b.block(IDB, body -> body
                .u16(linkType)              // LinkType
                .u16(0)                     // reserved
                .u32(snapLength));          // SnapLen
    }

    /** Enhanced Packet Block without options: 32 bytes plus the padded data. */
    static CaptureBytes epb(CaptureBytes b, int interfaceId, long ticks, byte[] data, int originalLength) {
        return b.block(EPB, body -> body
                .u32(interfaceId)           // Interface ID
                .u32(ticks >>> 32)          // Timestamp (High)
                .u32(ticks)                 // Timestamp (Low)
                .u32(data.length)           // Captured Packet Length
                .u32(originalLength)        // Original Packet Length
                .bytes(data));              // Packet Data, padded by block()
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void readsAnEnhancedPacketInEitherByteOrder(String orderName) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] data = CaptureBytes.frame(5, 0x30);
        CaptureBytes b = CaptureBytes.in(order);
        shb(b);                                                         // bytes 0-27
        idb(b, LinkType.EN10MB, 0);                                     // bytes 28-47
        epb(b, 0, EPOCH_SECONDS * 1_000_000 + 123_456, data, 1514);     // bytes 48-87: 32 + 5 padded to 8
        Path file = b.writeTo(dir.resolve("one.pcapng"));

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertEquals("pcapng", reader.format());
            assertTrue(reader.next());
            assertEquals(1, reader.frameNumber());
            assertEquals(EPOCH_SECONDS * 1_000_000_000L + 123_456_000L, reader.timestampNanos());
            assertEquals(6, reader.timestampDigits(), "if_tsresol defaults to microseconds");
            assertEquals(LinkType.EN10MB, reader.linkType());
            assertEquals(28, reader.linkTypeOffset());
            assertEquals(48, reader.recordOffset());
            assertEquals(5, reader.capturedLength());
            assertEquals(1514, reader.originalLength());
            assertArrayEquals(data, Frames.current(reader).data());
            assertFalse(reader.next());
            assertEquals(88, reader.bytesConsumed());
        }
    }

    @Test
    void nanosecondResolutionGivesNineDigitsAndExactNanos() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        shb(b);
        b.block(IDB, body -> body
                .u16(LinkType.RAW).u16(0).u32(65535)
                .u16(2).u16(4).raw('l', 'o', '0', ' ') // if_name "lo0 ": skipped, precedes the option we want
                .u16(9).u16(1).u8(9).zeros(3)          // if_tsresol = 10^-9, padded to 4
                .u16(0).u16(0));                       // opt_endofopt
        epb(b, 0, EPOCH_SECONDS * 1_000_000_000L + 123_456_789L, new byte[] {0x45}, 1);

        Frames.Frame frame = Frames.readAll(b.writeTo(dir.resolve("ns.pcapng"))).get(0);

        assertEquals(EPOCH_SECONDS * 1_000_000_000L + 123_456_789L, frame.timestampNanos());
        assertEquals(9, frame.timestampDigits());
        assertEquals(LinkType.RAW, frame.linkType());
    }

    @Test
    void binaryResolutionAndOffsetAreAppliedToTimestamps() throws IOException {
        CaptureBytes b = CaptureBytes.big();
        shb(b);
        b.block(IDB, body -> body
                .u16(LinkType.EN10MB).u16(0).u32(0)
                .u16(9).u16(1).u8(0x80 | 20).zeros(3) // if_tsresol = 2^-20
                .u16(14).u16(8).u64(EPOCH_SECONDS));  // if_tsoffset: seconds added to every timestamp
        long fiveAndAHalfSeconds = (5L << 20) + (1L << 19);
        epb(b, 0, fiveAndAHalfSeconds, new byte[4], 4);

        Frames.Frame frame = Frames.readAll(b.writeTo(dir.resolve("bin.pcapng"))).get(0);

        assertEquals((EPOCH_SECONDS + 5) * 1_000_000_000L + 500_000_000L, frame.timestampNanos());
        assertEquals(7, frame.timestampDigits(), "a 2^-20 tick (0.95 us) needs 7 digits");
    }

    @Test
    void eachFrameCarriesTheLinkTypeAndOffsetOfItsOwnInterface() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        shb(b);                                  // bytes 0-27
        idb(b, LinkType.EN10MB, 0);              // interface 0 at byte 28
        idb(b, LinkType.RAW, 0);                 // interface 1 at byte 48
        idb(b, LinkType.LINUX_SLL, 0);           // interface 2 at byte 68
        epb(b, 2, 1, new byte[] {2}, 1);
        epb(b, 0, 2, new byte[] {0}, 1);
        epb(b, 1, 3, new byte[] {1}, 1);

        List<Frames.Frame> frames = Frames.readAll(b.writeTo(dir.resolve("multi.pcapng")));

        assertEquals(List.of(LinkType.LINUX_SLL, LinkType.EN10MB, LinkType.RAW),
                frames.stream().map(Frames.Frame::linkType).toList());
        assertEquals(List.of(68L, 28L, 48L), frames.stream().map(Frames.Frame::linkTypeOffset).toList());
        assertEquals(List.of(1L, 2L, 3L), frames.stream().map(Frames.Frame::number).toList());
    }

    @Test
    void simplePacketIsCutToSnapLengthAndKeepsThePreviousTimestamp() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        shb(b);
        idb(b, LinkType.EN10MB, 8);              // snap length 8
        epb(b, 0, 42, new byte[] {9}, 1);
        b.block(SPB, body -> body
                .u32(10)                         // Original Packet Length
                .bytes(CaptureBytes.frame(10, 0)));  // 10 bytes of data, padded to 12
        b.block(SPB, body -> body
                .u32(3)                          // Original Packet Length: 3, less than the padded space
                .raw(0xaa, 0xbb, 0xcc));

        List<Frames.Frame> frames = Frames.readAll(b.writeTo(dir.resolve("spb.pcapng")));

        assertEquals(3, frames.size());
        assertArrayEquals(CaptureBytes.frame(8, 0), frames.get(1).data(), "min(original 10, snap 8, block 12)");
        assertEquals(10, frames.get(1).originalLength());
        assertEquals(42_000L, frames.get(1).timestampNanos());
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc}, frames.get(2).data());
    }

    @Test
    void obsoletePacketBlockIsReadLikeAnEnhancedOne() throws IOException {
        CaptureBytes b = CaptureBytes.big();
        shb(b);
        idb(b, LinkType.NULL, 0);
        idb(b, LinkType.EN10MB, 0);
        b.block(OPB, body -> body
                .u16(1)                          // Interface ID (16 bits)
                .u16(0)                          // Drops Count
                .u32(0).u32(7_000_000)           // Timestamp high, low: 7 s in microseconds
                .u32(2)                          // Captured Packet Length
                .u32(64)                         // Original Packet Length
                .raw(0x08, 0x00));

        Frames.Frame frame = Frames.readAll(b.writeTo(dir.resolve("opb.pcapng"))).get(0);

        assertEquals(LinkType.EN10MB, frame.linkType());
        assertEquals(7_000_000_000L, frame.timestampNanos());
        assertEquals(64, frame.originalLength());
        assertArrayEquals(new byte[] {0x08, 0x00}, frame.data());
    }

    @Test
    void unknownAndNonPacketBlocksAreSkippedByTheirLength() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        shb(b);
        b.block(0x0000_0bad, body -> body.u32(32473).bytes("custom".getBytes(StandardCharsets.US_ASCII)));
        idb(b, LinkType.EN10MB, 0);
        b.block(NRB, body -> body.u16(1).u16(8).raw(10, 0, 0, 1).raw('h', 'o', 's', 't').u16(0).u16(0));
        epb(b, 0, 1, new byte[] {1}, 1);
        b.block(ISB, body -> body.u32(0).u32(0).u32(5));
        b.block(0x7777_7777, body -> body.zeros(100));
        epb(b, 0, 2, new byte[] {2}, 1);

        List<Frames.Frame> frames = Frames.readAll(b.writeTo(dir.resolve("skip.pcapng")));

        assertEquals(2, frames.size());
        assertEquals(2, frames.get(1).number());
        assertArrayEquals(new byte[] {2}, frames.get(1).data());
    }

    @Test
    void enhancedPacketOptionsAfterTheDataAreNotPartOfTheFrame() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        shb(b);
        idb(b, LinkType.EN10MB, 0);
        b.block(EPB, body -> body
                .u32(0).u32(0).u32(1)
                .u32(3).u32(3).raw(1, 2, 3).u8(0)  // 3 bytes of data, padded
                .u16(1).u16(4).raw('c', 'o', 'm', 'm') // opt_comment
                .u16(0).u16(0));                    // opt_endofopt

        assertArrayEquals(new byte[] {1, 2, 3}, Frames.readAll(b.writeTo(dir.resolve("opt.pcapng"))).get(0).data());
    }

    @Test
    void secondSectionSwitchesByteOrderAndStartsItsOwnInterfaces() throws IOException {
        CaptureBytes b = CaptureBytes.little();
        shb(b);                                  // section 1, little-endian
        idb(b, LinkType.EN10MB, 0);              // interface 0 at byte 28
        epb(b, 0, 1, new byte[] {1}, 1);         // bytes 48-83
        b.order(ByteOrder.BIG_ENDIAN);
        shb(b);                                  // section 2 at byte 84, big-endian
        idb(b, LinkType.RAW, 0);                 // its interface 0 at byte 112
        epb(b, 0, 2, new byte[] {2}, 1);

        List<Frames.Frame> frames = Frames.readAll(b.writeTo(dir.resolve("sections.pcapng")));

        assertEquals(2, frames.size());
        assertEquals(LinkType.RAW, frames.get(1).linkType());
        assertEquals(112, frames.get(1).linkTypeOffset());
        assertEquals(2_000, frames.get(1).timestampNanos());
    }
}
