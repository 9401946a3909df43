package io.tcpwhy.capture;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.tcpwhy.capture.LibpcapDirect.LibC;
import io.tcpwhy.capture.LibpcapDirect.Pcap;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapHandle;

/**
 * The capture thread's read: every frame the kernel holds taken in one native call, with no
 * call into Java per frame. {@code pcap_dispatch} is given libpcap's own {@code pcap_dump} as
 * its handler (its documented use), writing to a stdio stream over memory of ours
 * ({@code fmemopen}): libpcap copies each frame and a 16-byte record header there in C, and
 * Java then copies the call's records out in one bulk copy and each frame on into the
 * {@link FrameRing}. No object is made per frame.
 *
 * <p>Why: the previous read called {@code pcap_next_ex} per frame (JNA direct mapping) and
 * JNA's {@code Pointer.read} per frame to copy it: two crossings of JNA per frame, about
 * 0.7 microseconds of the capture thread each at 6,000 connections/s (48,000 frames/s),
 * libpcap itself a tenth of it. pcap4j's own loop was worse: a JNA callback from C into Java
 * per frame.
 *
 * <p>One thread reads; {@code pcap_breakloop} from another thread makes {@link #read} return
 * {@link #BREAK}. The handle must outlive every call, and {@link #close} comes after the last.
 */
final class RingReader implements AutoCloseable {

    /** Returned by {@link #read}: pcap_breakloop was called (the frames before it were taken). */
    static final int BREAK = LibpcapDirect.PCAP_ERROR_BREAK;
    /** Returned by {@link #read}: libpcap failed, {@link #error()} says why. */
    static final int ERROR = LibpcapDirect.PCAP_ERROR;

    // The record pcap_dump writes before each frame: the savefile's packet record
    // (draft-ietf-opsawg-pcap section 5; pcap/pcap.h struct pcap_sf_pkthdr), in host byte order.
    /** 32-bit seconds since 1970 (unsigned here: good until 2106). */
    static final int RECORD_SECONDS_OFFSET = 0;
    /** Microseconds, or nanoseconds when the handle's precision is nanoseconds. */
    static final int RECORD_FRACTION_OFFSET = RECORD_SECONDS_OFFSET + Integer.BYTES;
    static final int RECORD_CAPTURED_OFFSET = RECORD_FRACTION_OFFSET + Integer.BYTES;
    static final int RECORD_ORIGINAL_OFFSET = RECORD_CAPTURED_OFFSET + Integer.BYTES;
    static final int RECORD_HEADER_SIZE = RECORD_ORIGINAL_OFFSET + Integer.BYTES;
    /**
     * Bytes libpcap may add to a frame after cutting it to the snap length (a VLAN tag it puts
     * back, 4 bytes); each frame's room in the batch allows for them.
     */
    static final int LINK_SLACK = 64;
    /** The batch memory, at least: about 3,800 header-only frames. */
    static final int BATCH_BYTES = 1 << 20;
    /** Whole frames one call may take at the least, which sizes the batch for a large snap length. */
    static final int MIN_FRAMES_PER_CALL = 16;
    /** Frames one call takes at most, so that a flood still comes back to check for the stop. */
    static final int MAX_FRAMES_PER_CALL = 4096;
    /** The stdio buffer pcap_dump writes through: 64 KiB, a few hundred header-only frames. */
    private static final int STDIO_BUFFER_BYTES = 64 * 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private final long pcap;
    private final FrameRing ring;
    private final boolean nanosecond;
    /** The most one frame takes in the batch: its record header, the snap length and the slack. */
    private final int frameBound;
    private final int maxCaptured;
    private final Memory batch;
    private final ByteBuffer batchView;
    /** One call's records copied out of the batch memory at once, read and copied on from here. */
    private final ByteBuffer records;
    private final long pcapDump;
    private final long dumper;
    private final long stream;
    /** Where pcap_dump writes next, as an offset in the batch memory. */
    private long writeAt;
    private boolean closed;

    /**
     * @throws CaptureUnavailableException libpcap or the C library cannot be bound directly, the
     *         memory stream cannot be opened, or this pcap4j keeps its handle elsewhere than the
     *         version tcpwhy is built with
     */
    RingReader(PcapHandle handle, FrameRing ring, boolean nanosecond, int snapLength) throws CaptureUnavailableException {
        this.pcap = pcapAddress(handle);
        this.ring = ring;
        this.nanosecond = nanosecond;
        this.maxCaptured = snapLength + LINK_SLACK;
        this.frameBound = RECORD_HEADER_SIZE + maxCaptured;
        long bytes = Math.max(BATCH_BYTES, (long) MIN_FRAMES_PER_CALL * frameBound);
        try {
            LibpcapDirect.bind();
            this.pcapDump = LibpcapDirect.pcapDumpHandler();
        } catch (LinkageError e) {
            throw NativePcap.libpcapMissing(e);
        }
        this.batch = new Memory(bytes);
        this.batchView = batch.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
        this.records = ByteBuffer.allocate((int) bytes).order(ByteOrder.nativeOrder());
        long s = LibC.fmemopen(Pointer.nativeValue(batch), bytes, "w");
        if (s == 0) {
            throw new CaptureUnavailableException("fmemopen of " + bytes + " bytes failed (expected a stream);"
                    + " the C library offers no memory stream for libpcap to write frames to");
        }
        // Fully buffered in a stdio buffer of its own: pcap_dump's two fwrite calls per frame are
        // copies into it, and one fflush per call moves them into the batch. (Unbuffered, each
        // fwrite went through the stream's write function: a third of the capture thread.)
        if (LibC.setvbuf(s, 0, LibpcapDirect.IOFBF, STDIO_BUFFER_BYTES) != 0) {
            LibC.fclose(s);
            throw new CaptureUnavailableException("setvbuf on the frame stream failed (expected 0)");
        }
        long d = Pcap.pcap_dump_fopen(pcap, s);
        if (d == 0) {
            String why = Pcap.pcap_geterr(pcap);
            LibC.fclose(s);
            throw new CaptureUnavailableException("pcap_dump_fopen failed (" + (why == null ? "no message" : why.strip()) + ")");
        }
        this.stream = Pcap.pcap_dump_file(d);
        this.dumper = d;
        // pcap_dump_fopen wrote the savefile header first; the records follow it.
        this.writeAt = Pcap.pcap_dump_ftell(d);
    }

    /**
     * Takes every frame the kernel holds now, waiting for the first one if the handle blocks,
     * into the ring. Returns the frames libpcap handed over (a full ring refuses some, which it
     * counts), or {@link #BREAK} or {@link #ERROR}; frames handed over before either are in the
     * ring all the same.
     *
     * @throws CaptureUnavailableException libpcap wrote a record this reader cannot take
     */
    int read() throws CaptureUnavailableException {
        if (closed) {
            throw new IllegalStateException("read after close");
        }
        if (batchView.capacity() - writeAt < (long) MIN_FRAMES_PER_CALL * frameBound) {
            if (LibC.fseek(stream, 0, LibpcapDirect.SEEK_SET) != 0) {
                throw new CaptureUnavailableException("fseek to the start of the frame stream failed (expected 0)");
            }
            writeAt = 0;
        }
        int room = (int) Math.min(MAX_FRAMES_PER_CALL, (batchView.capacity() - writeAt) / frameBound);
        int rc = Pcap.pcap_dispatch(pcap, room, pcapDump, dumper);
        if (Pcap.pcap_dump_flush(dumper) != 0) {
            throw new CaptureUnavailableException("fflush of the frame stream failed (expected 0)");
        }
        long end = Pcap.pcap_dump_ftell(dumper);
        if (end < writeAt || end > batchView.capacity()) {
            throw new CaptureUnavailableException("the frame stream is at byte " + end + " after pcap_dispatch (expected "
                    + writeAt + " to " + batchView.capacity() + ")");
        }
        int length = (int) (end - writeAt);
        // One bulk copy per call: a copy per frame out of native memory cost more in its checks than in bytes.
        batchView.get((int) writeAt, records.array(), 0, length);
        int taken = take(records, 0, length, maxCaptured, nanosecond, ring);
        writeAt = end;
        if (rc >= 0 && taken != rc) {
            throw new CaptureUnavailableException("pcap_dispatch reported " + rc + " frames and wrote " + taken
                    + " (expected as many)");
        }
        return rc < 0 ? rc : taken;
    }

    /** Frames put in the ring since the start (not those a full ring refused): this is its only producer. */
    long accepted() {
        return ring.tail();
    }

    /** The {@code pcap_t *} it reads. */
    long pcap() {
        return pcap;
    }

    /** libpcap's message for the last {@link #ERROR}. */
    String error() {
        String m = Pcap.pcap_geterr(pcap);
        return m == null ? "pcap_dispatch failed" : m;
    }

    /** Closes the frame stream; the handle stays open (pcap4j closes it). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Pcap.pcap_dump_close(dumper);
        }
    }

    /**
     * Copies the records in {@code batch} (an array-backed buffer) from {@code from} to
     * {@code end} into {@code ring};
     * returns how many there were (each accepted, or refused and counted by a full ring).
     *
     * @throws CaptureUnavailableException a record claims more bytes than the snap length
     *         allows or than were written
     */
    static int take(ByteBuffer batch, int from, int end, int maxCaptured, boolean nanosecond, FrameRing ring)
            throws CaptureUnavailableException {
        byte[] bytes = batch.array();
        int at = from;
        int count = 0;
        while (at < end) {
            if (end - at < RECORD_HEADER_SIZE) {
                throw new CaptureUnavailableException("frame record at batch byte " + at + " has " + (end - at)
                        + " bytes of header (expected " + RECORD_HEADER_SIZE + ")");
            }
            int captured = batch.getInt(at + RECORD_CAPTURED_OFFSET);
            if (captured < 0 || captured > maxCaptured || captured > end - at - RECORD_HEADER_SIZE) {
                throw new CaptureUnavailableException("frame record at batch byte " + at + " claims " + Integer.toUnsignedString(captured)
                        + " captured bytes (expected at most " + Math.min(maxCaptured, end - at - RECORD_HEADER_SIZE) + ")");
            }
            int offset = ring.claim(captured);
            if (offset >= 0) {
                System.arraycopy(bytes, at + RECORD_HEADER_SIZE, ring.slab(), offset, captured);
                long seconds = Integer.toUnsignedLong(batch.getInt(at + RECORD_SECONDS_OFFSET));
                long fraction = Integer.toUnsignedLong(batch.getInt(at + RECORD_FRACTION_OFFSET));
                ring.publish(seconds * NANOS_PER_SECOND + (nanosecond ? fraction : fraction * NANOS_PER_MICRO), captured,
                        batch.getInt(at + RECORD_ORIGINAL_OFFSET));
            }
            count++;
            at += RECORD_HEADER_SIZE + captured;
        }
        return count;
    }

    /** The {@code pcap_t *} pcap4j opened: a private field of PcapHandle (pcap4j 1.8). */
    static long pcapAddress(PcapHandle handle) throws CaptureUnavailableException {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return Pointer.nativeValue((Pointer) f.get(handle));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CaptureUnavailableException("this pcap4j keeps no libpcap handle where tcpwhy reads it ("
                    + NativePcap.oneLine(e) + "; expected pcap4j-core 1.8.x, as tcpwhy is built with)", e);
        }
    }
}
