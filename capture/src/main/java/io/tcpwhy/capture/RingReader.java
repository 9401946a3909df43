package io.tcpwhy.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapHandle;

/**
 * The capture thread's read: libpcap's {@code pcap_next_ex} called straight (JNA direct
 * mapping, only primitive arguments), the frame's bytes copied from libpcap's buffer into
 * the {@link FrameRing} in one copy, its header read through a byte-buffer view of libpcap's
 * own {@code struct pcap_pkthdr}. No object is made per frame.
 *
 * <p>Why not pcap4j's {@code loop} with a raw listener: each frame there is a JNA callback
 * from C into Java (a thread attach, argument conversion, a {@code Timestamp}, an
 * {@code Integer}, a header {@code Structure} and a {@code byte[]} per frame). Profiled at
 * 3,000 connections/s (24,000 frames/s) that cost 5% of a core, libpcap itself a twentieth of it.
 * pcap4j still opens, filters, counts and closes the handle; only the read is here.
 *
 * <p>One thread reads; {@code pcap_breakloop} from another thread makes the read return
 * {@link #BREAK}. The handle must outlive every call.
 */
final class RingReader {

    /** pcap_next_ex (pcap/pcap.h): a frame was read. */
    static final int FRAME = 1;
    /** pcap_next_ex: the buffer timeout passed (or, non-blocking, nothing was there). */
    static final int NOTHING = 0;
    /** pcap_next_ex: PCAP_ERROR, the message in pcap_geterr. */
    static final int ERROR = -1;
    /** pcap_next_ex: PCAP_ERROR_BREAK, pcap_breakloop was called. */
    static final int BREAK = -2;
    /** Also returned by {@link #next}: the frame was read but the ring was full (it is counted there). */
    static final int REFUSED = 2;

    // struct pcap_pkthdr (pcap/pcap.h): struct timeval ts (two C longs); bpf_u_int32 caplen; bpf_u_int32 len.
    private static final int TS_SECONDS_OFFSET = 0;
    private static final int TS_FRACTION_OFFSET = Native.LONG_SIZE;
    private static final int CAPLEN_OFFSET = 2 * Native.LONG_SIZE;
    private static final int LEN_OFFSET = CAPLEN_OFFSET + Integer.BYTES;
    private static final int PKTHDR_SIZE = LEN_OFFSET + Integer.BYTES;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private final long pcap;
    private final FrameRing ring;
    private final byte[] slab;
    private final boolean nanosecond;
    /** pcap_next_ex's two out-arguments: the header's address, then the data's. */
    private final Memory out = new Memory(2L * Native.POINTER_SIZE);
    private final ByteBuffer outView = out.getByteBuffer(0, out.size()).order(ByteOrder.nativeOrder());
    private final long outAddress = Pointer.nativeValue(out);
    /** Address 0: {@code read(address, ...)} copies from any address without a Pointer per frame. */
    private final Pointer anywhere = new Pointer(0);
    private long headerAddress;
    private ByteBuffer header;

    /**
     * @throws CaptureUnavailableException libpcap cannot be bound directly, or this pcap4j
     *         keeps its handle elsewhere than the version tcpwhy is built with
     */
    RingReader(PcapHandle handle, FrameRing ring, boolean nanosecond) throws CaptureUnavailableException {
        this.pcap = Pointer.nativeValue(pcapPointer(handle));
        this.ring = ring;
        this.slab = ring.slab();
        this.nanosecond = nanosecond;
        try {
            Direct.bind();
        } catch (LinkageError e) {
            throw NativePcap.libpcapMissing(e);
        }
    }

    /**
     * Reads one frame into the ring. Returns {@link #FRAME}, {@link #REFUSED} (the ring was
     * full), {@link #NOTHING}, {@link #BREAK} or {@link #ERROR} ({@link #error()} says why).
     */
    int next() {
        int rc = Direct.pcap_next_ex(pcap, outAddress, outAddress + Native.POINTER_SIZE);
        if (rc != FRAME) {
            return rc;
        }
        long headerAt = address(0);
        if (headerAt != headerAddress) {
            // libpcap hands the same header back every time (pcap_t's own); a view is made once.
            header = new Pointer(headerAt).getByteBuffer(0, PKTHDR_SIZE).order(ByteOrder.nativeOrder());
            headerAddress = headerAt;
        }
        int captured = header.getInt(CAPLEN_OFFSET);
        int offset = ring.claim(captured);
        if (offset < 0) {
            return REFUSED;
        }
        anywhere.read(address(Native.POINTER_SIZE), slab, offset, captured);
        long fraction = cLong(header, TS_FRACTION_OFFSET);
        long nanos = cLong(header, TS_SECONDS_OFFSET) * NANOS_PER_SECOND
                + (nanosecond ? fraction : fraction * NANOS_PER_MICRO);
        ring.publish(nanos, captured, header.getInt(LEN_OFFSET));
        return FRAME;
    }

    /** libpcap's message for the last {@link #ERROR}. */
    String error() {
        String m = Direct.pcap_geterr(pcap);
        return m == null ? "pcap_next_ex failed" : m;
    }

    private long address(int at) {
        return Native.POINTER_SIZE == Long.BYTES ? outView.getLong(at) : outView.getInt(at) & 0xFFFF_FFFFL;
    }

    private static long cLong(ByteBuffer b, int at) {
        return Native.LONG_SIZE == Long.BYTES ? b.getLong(at) : b.getInt(at);
    }

    /** The {@code pcap_t *} pcap4j opened: a private field of PcapHandle (pcap4j 1.8). */
    private static Pointer pcapPointer(PcapHandle handle) throws CaptureUnavailableException {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return (Pointer) f.get(handle);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CaptureUnavailableException("this pcap4j keeps no libpcap handle where tcpwhy reads it ("
                    + NativePcap.oneLine(e) + "; expected pcap4j-core 1.8.x, as tcpwhy is built with)", e);
        }
    }

    /** libpcap's functions bound directly: primitive arguments only, the cheapest JNA call. */
    private static final class Direct {

        static {
            // The library pcap4j loaded, by the name it loads it under.
            Native.register(Direct.class, NativeLibrary.getInstance(
                    System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
        }

        private Direct() {
        }

        /** Runs the static initializer: a missing libpcap shows here, not at the first frame. */
        static void bind() {
        }

        static native int pcap_next_ex(long pcap, long headerOut, long dataOut);

        static native String pcap_geterr(long pcap);
    }
}
