package io.tcpwhy.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReadingTest {

    private static final long SECONDS = 1_700_000_000L;

    @TempDir
    Path dir;

    /** Two records; the fraction field is microseconds or nanoseconds as the magic says. */
    private static CaptureBytes twoRecords(ByteOrder order, int magic) {
        return CaptureBytes.in(order)
                .u32(magic)                 // magic, in the file's byte order
                .u16(2).u16(4)              // version 2.4
                .u32(0)                     // thiszone
                .u32(0)                     // sigfigs
                .u32(65535)                 // snaplen
                .u32(LinkType.EN10MB)       // network (link type), at byte 20
                // record 1, byte 24
                .u32(SECONDS)               // ts_sec
                .u32(123_456)               // ts_usec or ts_nsec
                .u32(4)                     // incl_len
                .u32(60)                    // orig_len: cut by the snap length
                .raw(0xde, 0xad, 0xbe, 0xef)
                // record 2, byte 44
                .u32(SECONDS + 1)           // ts_sec
                .u32(999_999)               // ts_usec or ts_nsec
                .u32(2)                     // incl_len
                .u32(2)                     // orig_len
                .raw(0x01, 0x02);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "LITTLE_ENDIAN, false",
        "BIG_ENDIAN, false",
        "LITTLE_ENDIAN, true",
        "BIG_ENDIAN, true",
    })
    void readsEveryFieldInEitherByteOrderAndPrecision(String orderName, boolean nanosecond) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int magic = nanosecond ? 0xa1b23c4d : 0xa1b2c3d4;
        Path file = twoRecords(order, magic).writeTo(dir.resolve("t.pcap"));
        long unit = nanosecond ? 1 : 1_000;

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertEquals("pcap", reader.format());
            assertEquals(62, reader.fileSize());

            assertTrue(reader.next());
            assertEquals(1, reader.frameNumber());
            assertEquals(SECONDS * 1_000_000_000L + 123_456 * unit, reader.timestampNanos());
            assertEquals(nanosecond ? 9 : 6, reader.timestampDigits());
            assertEquals(LinkType.EN10MB, reader.linkType());
            assertEquals(20, reader.linkTypeOffset());
            assertEquals(24, reader.recordOffset());
            assertEquals(4, reader.capturedLength());
            assertEquals(60, reader.originalLength());
            assertEquals(0xdeadbeef, reader.buffer().getInt(reader.dataOffset()));

            assertTrue(reader.next());
            assertEquals(2, reader.frameNumber());
            assertEquals((SECONDS + 1) * 1_000_000_000L + 999_999 * unit, reader.timestampNanos());
            assertEquals(44, reader.recordOffset());
            assertEquals(0x0102, reader.buffer().getShort(reader.dataOffset()));

            assertFalse(reader.next());
            assertFalse(reader.next(), "the end stays the end");
            assertEquals(62, reader.bytesConsumed());
        }
    }

    @Test
    void linkTypeIgnoresTheFcsBitsInTheUpperHalfOfTheField() throws IOException {
        Path file = CaptureBytes.little()
                .u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0)
                .u32(65535)                 // snaplen
                .u32(0x1400_0000L | LinkType.EN10MB) // FCS length 1 (bits 28-31) and the FCS flag (bit 26)
                .u32(SECONDS).u32(0).u32(1).u32(1).raw(0x42)
                .writeTo(dir.resolve("fcs.pcap"));

        List<Frames.Frame> frames = Frames.readAll(file);

        assertEquals(LinkType.EN10MB, frames.get(0).linkType());
    }

    @Test
    void capturedLengthAboveOriginalIsAcceptedAndOriginalRaisedToIt() throws IOException {
        Path file = CaptureBytes.big()
                .u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(LinkType.RAW)
                .u32(SECONDS).u32(0)
                .u32(3)                     // incl_len
                .u32(0)                     // orig_len 0, as some writers leave it
                .raw(0x45, 0x00, 0x00)
                .writeTo(dir.resolve("orig.pcap"));

        Frames.Frame frame = Frames.readAll(file).get(0);

        assertEquals(3, frame.data().length);
        assertEquals(3, frame.originalLength());
    }

    @Test
    void zeroSnapLengthAcceptsLargeRecordsUpToTheCap() throws IOException {
        byte[] big = CaptureBytes.frame(300_000, 7);
        Path file = CaptureBytes.little()
                .u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0)
                .u32(0)                     // snaplen 0: unknown, no limit but the reader's cap
                .u32(LinkType.EN10MB)
                .u32(SECONDS).u32(0).u32(big.length).u32(big.length).bytes(big)
                .writeTo(dir.resolve("snap0.pcap"));

        assertArrayEquals(big, Frames.readAll(file).get(0).data());
    }

    @Test
    void fileWithHeaderOnlyHasNoFrames() throws IOException {
        Path file = CaptureBytes.little()
                .u32(0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(LinkType.LINUX_SLL)
                .writeTo(dir.resolve("none.pcap"));

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertFalse(reader.next());
            assertEquals(0, reader.frameNumber());
        }
    }

    @Test
    void aPathGivenAsASymbolicLinkIsFollowed() throws IOException {
        Path target = twoRecords(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4).writeTo(dir.resolve("real.pcap"));
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), target);

        assertEquals(2, Frames.readAll(link).size());
    }
}
