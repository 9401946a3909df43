package io.tcpwhy.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The records libpcap's pcap_dump writes into the batch memory, taken into the ring. Built by
 * hand here as pcap_dump lays them out (host byte order); the whole path, libpcap included,
 * is exercised by the live tests (LiveSessionTest, LiveCaptureTest).
 */
class RingReaderTest {

    private static final int SNAP = CaptureOptions.HEADER_SNAP_LENGTH;
    private static final int MAX_CAPTURED = SNAP + RingReader.LINK_SLACK;

    @Test
    void records_goIntoTheRingWithTheirTimesAndLengths() throws Exception {
        ByteBuffer batch = batch(256);
        int end = record(batch, 0, 1_764_700_000, 123_456_789, new byte[] {1, 2, 3}, 60);
        end = record(batch, end, 1_764_700_001, 5, new byte[] {4, 5, 6, 7, 8}, 5);
        FrameRing ring = new FrameRing(8, CaptureOptions.FULL_SNAP_LENGTH);

        assertEquals(2, RingReader.take(batch, 0, end, MAX_CAPTURED, true, ring));

        long seq = ring.head();
        assertEquals(2, ring.size());
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(ring, seq));
        assertEquals(1_764_700_000_123_456_789L, ring.epochNanos(seq), "nanosecond fraction");
        assertEquals(60, ring.originalLength(seq), "cut by the snap length: the wire length is kept");
        assertArrayEquals(new byte[] {4, 5, 6, 7, 8}, bytes(ring, seq + 1));
        assertEquals(1_764_700_001_000_000_005L, ring.epochNanos(seq + 1));
    }

    @Test
    void microsecondFraction_isScaledToNanoseconds() throws Exception {
        ByteBuffer batch = batch(64);
        int end = record(batch, 0, 10, 250_000, new byte[] {9}, 1);
        FrameRing ring = new FrameRing(2, CaptureOptions.FULL_SNAP_LENGTH);

        RingReader.take(batch, 0, end, MAX_CAPTURED, false, ring);

        assertEquals(10_250_000_000L, ring.epochNanos(ring.head()));
    }

    @Test
    void secondsPast2038_readUnsigned() throws Exception {
        ByteBuffer batch = batch(64);
        // 2040-01-01 is 2,208,988,800 s: past a signed 32-bit int, within pcap's unsigned field.
        int end = record(batch, 0, (int) 2_208_988_800L, 0, new byte[] {1}, 1);
        FrameRing ring = new FrameRing(2, CaptureOptions.FULL_SNAP_LENGTH);

        RingReader.take(batch, 0, end, MAX_CAPTURED, true, ring);

        assertEquals(2_208_988_800_000_000_000L, ring.epochNanos(ring.head()));
    }

    @Test
    void fullRing_countsTheFrameRefusedAndReadsOn() throws Exception {
        ByteBuffer batch = batch(256);
        int end = record(batch, 0, 1, 0, new byte[] {1}, 1);
        end = record(batch, end, 2, 0, new byte[] {2}, 1);
        end = record(batch, end, 3, 0, new byte[] {3}, 1);
        FrameRing ring = new FrameRing(2, CaptureOptions.FULL_SNAP_LENGTH);

        assertEquals(3, RingReader.take(batch, 0, end, MAX_CAPTURED, true, ring), "every record is taken from libpcap");

        assertEquals(2, ring.size());
        assertEquals(1, ring.refused());
    }

    @Test
    void recordClaimingMoreThanTheSnapLength_isRefusedWithWhere() {
        ByteBuffer batch = batch(1024);
        int end = record(batch, 0, 1, 0, new byte[] {1}, 1);
        // A second record whose captured length says 400 bytes: more than 256 + 64.
        batch.putInt(end + RingReader.RECORD_CAPTURED_OFFSET, 400);
        FrameRing ring = new FrameRing(4, CaptureOptions.FULL_SNAP_LENGTH);

        CaptureUnavailableException e = assertThrows(CaptureUnavailableException.class,
                () -> RingReader.take(batch, 0, end + RingReader.RECORD_HEADER_SIZE + 400, MAX_CAPTURED, true, ring));

        assertEquals("frame record at batch byte 17 claims 400 captured bytes (expected at most 320)", e.getMessage());
        assertEquals(1, ring.size(), "the record before it was taken");
    }

    @Test
    void recordPastTheBytesWritten_isRefused() {
        ByteBuffer batch = batch(64);
        record(batch, 0, 1, 0, new byte[] {1, 2, 3, 4}, 4);
        FrameRing ring = new FrameRing(4, CaptureOptions.FULL_SNAP_LENGTH);

        CaptureUnavailableException e = assertThrows(CaptureUnavailableException.class,
                () -> RingReader.take(batch, 0, RingReader.RECORD_HEADER_SIZE + 2, MAX_CAPTURED, true, ring));

        assertEquals("frame record at batch byte 0 claims 4 captured bytes (expected at most 2)", e.getMessage());
    }

    @Test
    void truncatedRecordHeader_isRefused() {
        ByteBuffer batch = batch(64);
        FrameRing ring = new FrameRing(4, CaptureOptions.FULL_SNAP_LENGTH);

        CaptureUnavailableException e = assertThrows(CaptureUnavailableException.class,
                () -> RingReader.take(batch, 0, 10, MAX_CAPTURED, true, ring));

        assertEquals("frame record at batch byte 0 has 10 bytes of header (expected 16)", e.getMessage());
    }

    private static ByteBuffer batch(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
    }

    /** Writes one record as pcap_dump does at {@code at}; returns where the next one starts. */
    private static int record(ByteBuffer batch, int at, int seconds, int fraction, byte[] data, int wireLength) {
        batch.putInt(at + RingReader.RECORD_SECONDS_OFFSET, seconds);   // ts.tv_sec, 32 bits
        batch.putInt(at + RingReader.RECORD_FRACTION_OFFSET, fraction); // ts.tv_usec (or nanoseconds)
        batch.putInt(at + RingReader.RECORD_CAPTURED_OFFSET, data.length); // caplen
        batch.putInt(at + RingReader.RECORD_ORIGINAL_OFFSET, wireLength);  // len
        batch.put(at + RingReader.RECORD_HEADER_SIZE, data);
        return at + RingReader.RECORD_HEADER_SIZE + data.length;
    }

    private static byte[] bytes(FrameRing ring, long seq) {
        int from = ring.offset(seq);
        return Arrays.copyOfRange(ring.slab(), from, from + ring.length(seq));
    }
}
