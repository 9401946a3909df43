package io.tcpwhy.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapWriterTest {

    private static final long T0 = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} nanosecond={1}")
    @CsvSource({
        "LITTLE_ENDIAN, false",
        "LITTLE_ENDIAN, true",
        "BIG_ENDIAN, false",
        "BIG_ENDIAN, true",
    })
    void whatIsWrittenReadsBack(String orderName, boolean nanosecond) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Path file = dir.resolve("rt.pcap");
        byte[] big = CaptureBytes.frame(100_000, 3); // larger than the writer's staging buffer
        try (PcapWriter writer = PcapWriter.create(file, LinkType.LINUX_SLL2, nanosecond, 200_000, order)) {
            writer.write(T0, CaptureBytes.frame(10, 1), 0, 10, 1514);
            writer.write(T0 + 1, CaptureBytes.frame(30, 2), 5, 20, 20);
            writer.write(T0 + 2_000_000_000L, big, 0, big.length, big.length);
        }
        long fraction = nanosecond ? 123_456_789L : 123_456_000L;

        List<Frames.Frame> frames = Frames.readAll(file);

        assertEquals(3, frames.size());
        assertEquals(1_700_000_000_000_000_000L + fraction, frames.get(0).timestampNanos());
        assertEquals(nanosecond ? 9 : 6, frames.get(0).timestampDigits());
        assertEquals(LinkType.LINUX_SLL2, frames.get(0).linkType());
        assertArrayEquals(CaptureBytes.frame(10, 1), frames.get(0).data());
        assertEquals(1514, frames.get(0).originalLength());
        assertEquals(nanosecond ? T0 + 1 : T0 - 789, frames.get(1).timestampNanos());
        assertArrayEquals(Arrays.copyOfRange(CaptureBytes.frame(30, 2), 5, 25), frames.get(1).data());
        assertArrayEquals(big, frames.get(2).data());
        assertEquals(24 + 16 + 10 + 16 + 20 + 16 + big.length, Files.size(file));
    }

    @Test
    void publicFactoryWritesTheMachineByteOrderWithTheDefaultSnapLength() throws IOException {
        Path file = dir.resolve("native.pcap");
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, false)) {
            writer.write(0, new byte[1], 0, 1, 1);
        }

        byte[] header = Files.readAllBytes(file);
        int magic = java.nio.ByteBuffer.wrap(header).order(ByteOrder.nativeOrder()).getInt(0);
        int snapLength = java.nio.ByteBuffer.wrap(header).order(ByteOrder.nativeOrder()).getInt(16);
        assertEquals(0xa1b2c3d4, magic);
        assertEquals(PcapWriter.DEFAULT_SNAPLEN, snapLength);
    }

    @Test
    void frameLongerThanTheSnapLengthIsCutToItKeepingTheWireLength() throws IOException {
        Path file = dir.resolve("s.pcap");
        byte[] frame = CaptureBytes.frame(65, 3);
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, false, 64)) {
            writer.write(0, frame, 0, 65, 65);
            assertEquals(new PcapWriter.Changes(1, 0, 0), writer.changes());
            assertEquals("1 frame cut to the snap length 64 (original lengths kept)", writer.changes().describe(64));
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertTrue(reader.next());
            assertEquals(64, reader.capturedLength());
            assertEquals(65, reader.originalLength());
            assertArrayEquals(Arrays.copyOf(frame, 64), Frames.current(reader).data());
        }
    }

    @Test
    void originalLengthBelowTheCapturedOneIsRaisedToIt() throws IOException {
        Path file = dir.resolve("o.pcap");
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, false)) {
            writer.write(0, new byte[10], 0, 10, 9);
            assertEquals(new PcapWriter.Changes(0, 0, 1), writer.changes());
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertTrue(reader.next());
            assertEquals(10, reader.originalLength());
        }
    }

    @Test
    void timestampsOutsideThePcapRangeAreClampedToTheNearestEnd() throws IOException {
        Path file = dir.resolve("t.pcap");
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, true)) {
            writer.write(-1, new byte[1], 0, 1, 1);
            writer.write(Long.MIN_VALUE, new byte[1], 0, 1, 1);
            writer.write((1L << 32) * 1_000_000_000L, new byte[1], 0, 1, 1);
            writer.write(1_500_000_000L, new byte[1], 0, 1, 1);
            assertEquals(new PcapWriter.Changes(0, 3, 0), writer.changes());
            assertEquals("3 timestamps outside 1970-2106 clamped to the nearest end", writer.changes().describe(0));
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            long[] expected = {0, 0, 0xffff_ffffL * 1_000_000_000L + 999_999_999L, 1_500_000_000L};
            for (long nanos : expected) {
                assertTrue(reader.next());
                assertEquals(nanos, reader.timestampNanos());
            }
            assertFalse(reader.next());
        }
    }

    @Test
    void nothingChangedSaysNothing() throws IOException {
        try (PcapWriter writer = PcapWriter.create(dir.resolve("n.pcap"), LinkType.EN10MB, true)) {
            writer.write(5, new byte[3], 0, 3, 3);
            assertFalse(writer.changes().any());
            assertEquals("", writer.changes().describe(writer.snapLength()));
        }
    }

    @Test
    void sliceOutsideTheArrayIsRefused() throws IOException {
        try (PcapWriter writer = PcapWriter.create(dir.resolve("a.pcap"), LinkType.EN10MB, true)) {
            assertThrows(IndexOutOfBoundsException.class, () -> writer.write(0, new byte[10], 5, 6, 6));
        }
    }

    @Test
    void linkTypeBeyondSixteenBitsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PcapWriter.create(dir.resolve("l.pcap"), 70_000, false));
        assertEquals("link type 70000 (expected 0 to 65535)", e.getMessage());
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        PcapWriter writer = PcapWriter.create(dir.resolve("c.pcap"), LinkType.EN10MB, false);
        writer.close();
        writer.close();

        assertThrows(IOException.class, () -> writer.write(0, new byte[1], 0, 1, 1));
    }

    @Test
    void flushMakesFramesReadableWhileTheWriterStaysOpen() throws IOException {
        Path file = dir.resolve("f.pcap");
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, false)) {
            writer.write(0, new byte[] {7}, 0, 1, 1);
            writer.flush();

            assertEquals(1, Frames.readAll(file).size());
        }
    }
}
