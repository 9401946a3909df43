package io.tcpwhy.capture;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-over between the capture thread (one producer) and the analysis thread
 * (one consumer). The capture thread must never wait: while it waits the kernel's buffer
 * fills and drops frames nobody counts per connection. So a full ring refuses the frame at
 * once and counts it; the next frame accepted carries that count
 * ({@link RingFrame#droppedBefore()}), which tells the analysis exactly where the gap is.
 *
 * <p>Bounded twice: by frames (the slot array) and by bytes (whole 64 KiB frames when
 * writing payload would otherwise make the slot count a memory bound of gigabytes).
 */
final class FrameRing {

    private final RingFrame[] slots;
    private final int mask;
    private final long maxBytes;
    /** Next slot to read; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next slot to write; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Refusals not yet attached to an accepted frame; producer only. */
    private long pendingRefused;
    private volatile Thread waitingConsumer;

    /**
     * @param slotsPowerOfTwo the most frames held, a power of two
     * @param maxBytes        the most captured bytes held
     */
    FrameRing(int slotsPowerOfTwo, long maxBytes) {
        if (slotsPowerOfTwo < 2 || Integer.bitCount(slotsPowerOfTwo) != 1) {
            throw new IllegalArgumentException("ring of " + slotsPowerOfTwo + " slots (expected a power of two, 2 or more)");
        }
        if (maxBytes < CaptureOptions.FULL_SNAP_LENGTH) {
            throw new IllegalArgumentException("ring of " + maxBytes + " bytes (expected at least one whole frame, "
                    + CaptureOptions.FULL_SNAP_LENGTH + ")");
        }
        this.slots = new RingFrame[slotsPowerOfTwo];
        this.mask = slotsPowerOfTwo - 1;
        this.maxBytes = maxBytes;
    }

    /** Producer: hands {@code data} on, or counts it refused when the ring is full. Never blocks. */
    boolean offer(long epochNanos, byte[] data, int originalLength) {
        long t = tail.get();
        if (t - head.get() >= slots.length || bytes.get() + data.length > maxBytes) {
            pendingRefused++;
            refused.incrementAndGet();
            return false;
        }
        slots[(int) (t & mask)] = new RingFrame(epochNanos, data, originalLength, pendingRefused);
        pendingRefused = 0;
        bytes.addAndGet(data.length);
        tail.lazySet(t + 1);
        // Wake the consumer only when the ring fills up: a wake-up per frame costs two system
        // calls a frame, and the consumer's own short sleeps keep it within milliseconds anyway.
        Thread waiting = waitingConsumer;
        if (waiting != null && t - head.get() >= slots.length / 2) {
            LockSupport.unpark(waiting);
        }
        return true;
    }

    /** Consumer: the oldest frame, or null when the ring is empty. */
    RingFrame poll() {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int slot = (int) (h & mask);
        RingFrame f = slots[slot];
        slots[slot] = null;
        bytes.addAndGet(-f.data().length);
        head.lazySet(h + 1);
        return f;
    }

    /** Consumer: waits up to {@code nanos} for frames; returns early when the ring is half full. */
    void await(long nanos) {
        waitingConsumer = Thread.currentThread();
        try {
            if (head.get() == tail.get()) {
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
