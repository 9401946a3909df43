package io.tcpwhy.capture;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-over between the capture thread (one producer) and the analysis thread
 * (one consumer). The capture thread must never wait: while it waits the kernel's buffer
 * fills and drops frames nobody counts per connection. So a full ring refuses the frame at
 * once and counts it; the next frame accepted carries that count ({@link #droppedBefore}),
 * which tells the analysis exactly where the gap is.
 *
 * <p>Nothing is allocated per frame: the bytes go into one array made at the start (the
 * slab), each frame contiguous in it, and the frame's time and lengths into arrays of
 * slots. Frames are numbered by sequence; the consumer reads those from {@link #head()} to
 * {@link #tail()} in place and then {@link #release}s them all at once, which is when the
 * producer may write over their bytes. So a busy capture costs no object per frame (which
 * a young collection would copy while the ring holds it) and one hand-over per batch.
 *
 * <p>Bounded twice: by frames (the slots) and by bytes (the slab).
 */
final class FrameRing {

    private final int slots;
    private final int mask;
    private final byte[] slab;
    private final long[] epochNanos;
    /** Where each frame starts, as a position in all bytes ever written: the slab offset is it modulo the slab. */
    private final long[] start;
    private final int[] length;
    private final int[] originalLength;
    private final long[] droppedBefore;
    /** Next sequence to read; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next sequence to write; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Producer only: where the next frame's bytes go, a position in all bytes ever written. */
    private long writePosition;
    /** Producer only: the position claimed for the frame being copied in, -1 when none. */
    private long claimed = -1;
    /** Refusals not yet attached to an accepted frame; producer only. */
    private long pendingRefused;
    private volatile Thread waitingConsumer;
    /** The consumer when it sleeps on a quiet port: the first frame wakes it, not a full ring. */
    private volatile Thread sleepingConsumer;

    /**
     * @param slotsPowerOfTwo the most frames held, a power of two
     * @param slabBytes       the most captured bytes held: the slab, allocated now
     */
    FrameRing(int slotsPowerOfTwo, int slabBytes) {
        if (slotsPowerOfTwo < 2 || Integer.bitCount(slotsPowerOfTwo) != 1) {
            throw new IllegalArgumentException("ring of " + slotsPowerOfTwo + " slots (expected a power of two, 2 or more)");
        }
        if (slabBytes < CaptureOptions.FULL_SNAP_LENGTH) {
            throw new IllegalArgumentException("ring of " + slabBytes + " bytes (expected at least one whole frame, "
                    + CaptureOptions.FULL_SNAP_LENGTH + ")");
        }
        this.slots = slotsPowerOfTwo;
        this.mask = slotsPowerOfTwo - 1;
        this.slab = new byte[slabBytes];
        this.epochNanos = new long[slotsPowerOfTwo];
        this.start = new long[slotsPowerOfTwo];
        this.length = new int[slotsPowerOfTwo];
        this.originalLength = new int[slotsPowerOfTwo];
        this.droppedBefore = new long[slotsPowerOfTwo];
    }

    /**
     * Producer: room for a frame of {@code capturedLength} bytes. Returns the offset in
     * {@link #slab()} to copy them to, then {@link #publish} hands the frame on; or -1 when
     * the ring is full, the frame counted refused. Never blocks.
     */
    int claim(int capturedLength) {
        if (capturedLength < 0 || capturedLength > CaptureOptions.FULL_SNAP_LENGTH) {
            throw new IllegalArgumentException("frame of " + capturedLength + " bytes (expected 0 to "
                    + CaptureOptions.FULL_SNAP_LENGTH + ")");
        }
        long t = tail.get();
        long h = head.get();
        long at = writePosition;
        int offset = (int) (at % slab.length);
        if (offset + capturedLength > slab.length) {
            // A frame is contiguous: skip the slab's tail and start over at its beginning.
            at += slab.length - offset;
            offset = 0;
        }
        // The oldest frame the consumer still holds bounds how far the bytes may go.
        boolean full = t - h >= slots || (t != h && at + capturedLength - start[(int) (h & mask)] > slab.length);
        if (full) {
            pendingRefused++;
            refused.incrementAndGet();
            return -1;
        }
        claimed = at;
        return offset;
    }

    /** Producer: hands on the frame whose bytes were copied to the offset {@link #claim} gave. */
    void publish(long captureNanos, int capturedLength, int wireLength) {
        if (claimed < 0) {
            throw new IllegalStateException("publish without a claim");
        }
        long t = tail.get();
        int slot = (int) (t & mask);
        epochNanos[slot] = captureNanos;
        start[slot] = claimed;
        length[slot] = capturedLength;
        originalLength[slot] = Math.max(wireLength, capturedLength);
        droppedBefore[slot] = pendingRefused;
        writePosition = claimed + capturedLength;
        claimed = -1;
        pendingRefused = 0;
        // The release store: the consumer that reads this tail sees the slot and the bytes.
        tail.lazySet(t + 1);
        // Wake the consumer only when the ring fills up: a wake-up per frame costs two system
        // calls a frame, and the consumer's own short sleeps keep it within milliseconds anyway.
        Thread waiting = waitingConsumer;
        if (waiting != null && t - head.get() >= slots / 2) {
            LockSupport.unpark(waiting);
        }
        Thread sleeping = sleepingConsumer;
        if (sleeping != null) {
            // Once: the consumer is awake from here until it finds the port quiet again.
            sleepingConsumer = null;
            LockSupport.unpark(sleeping);
        }
    }

    /** Producer: copies {@code data} in and hands it on, or counts it refused when the ring is full. */
    boolean offer(long captureNanos, byte[] data, int wireLength) {
        int offset = claim(data.length);
        if (offset < 0) {
            return false;
        }
        System.arraycopy(data, 0, slab, offset, data.length);
        publish(captureNanos, data.length, wireLength);
        return true;
    }

    /** The bytes of every frame: the producer copies into it, the consumer reads it in place. */
    byte[] slab() {
        return slab;
    }

    /** Consumer: the oldest frame not yet released. */
    long head() {
        return head.get();
    }

    /** Consumer: one past the newest frame published; the frames in [head, tail) may be read. */
    long tail() {
        return tail.get();
    }

    /** Consumer: capture time of frame {@code seq}, nanoseconds since 1970-01-01 UTC. */
    long epochNanos(long seq) {
        return epochNanos[(int) (seq & mask)];
    }

    /** Consumer: where frame {@code seq}'s bytes start in {@link #slab()}. */
    int offset(long seq) {
        return (int) (start[(int) (seq & mask)] % slab.length);
    }

    /** Consumer: the captured bytes of frame {@code seq}. */
    int length(long seq) {
        return length[(int) (seq & mask)];
    }

    /** Consumer: the length on the wire of frame {@code seq}. */
    int originalLength(long seq) {
        return originalLength[(int) (seq & mask)];
    }

    /** Consumer: frames the ring had to refuse just before frame {@code seq} (0 almost always). */
    long droppedBefore(long seq) {
        return droppedBefore[(int) (seq & mask)];
    }

    /** Consumer: done with every frame before {@code seq}; the producer may reuse their room. */
    void release(long seq) {
        long h = head.get();
        if (seq < h || seq > tail.get()) {
            throw new IllegalArgumentException("release up to " + seq + " (expected " + h + " to " + tail.get() + ")");
        }
        head.lazySet(seq);
    }

    /**
     * Consumer: waits up to {@code nanos} for frames; returns early when the ring is half
     * full, or with {@code wakeOnFirstFrame} as soon as a frame comes. A busy consumer waits
     * without it (a wake-up per frame would cost more than the frame); a consumer on a quiet
     * port waits with it, long, so that it neither spins nor answers the next frame late.
     */
    void await(long nanos, boolean wakeOnFirstFrame) {
        Thread me = Thread.currentThread();
        waitingConsumer = me;
        if (wakeOnFirstFrame) {
            sleepingConsumer = me;
        }
        try {
            if (head.get() == tail.get()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waitingConsumer = null;
            sleepingConsumer = null;
        }
    }

    /**
     * Consumer: waits {@code nanos} even if frames are there, so that they gather into one
     * batch; returns early when the ring is half full (the producer wakes it then).
     */
    void pause(long nanos) {
        waitingConsumer = Thread.currentThread();
        try {
            if (size() < slots / 2) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waitingConsumer = null;
        }
    }

    /** Frames refused because the ring was full, since the start. */
    long refused() {
        return refused.get();
    }

    /**
     * Producer, at the end: refusals after the last accepted frame, which no frame will carry.
     * Returns them and forgets them.
     */
    long takeTrailingRefused() {
        long n = pendingRefused;
        pendingRefused = 0;
        return n;
    }

    int size() {
        return (int) (tail.get() - head.get());
    }
}
