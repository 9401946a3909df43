package io.tcpwhy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameRingTest {

    @Test
    void fullRing_refusesAtOnceAndTheNextFrameCarriesTheGap() {
        FrameRing ring = new FrameRing(2, CaptureOptions.FULL_SNAP_LENGTH);
        assertTrue(ring.offer(1, new byte[10], 10));
        assertTrue(ring.offer(2, new byte[10], 10));
        assertFalse(ring.offer(3, new byte[10], 10));
        assertFalse(ring.offer(4, new byte[10], 10));
        assertEquals(2, ring.refused());
        assertEquals(1, ring.poll().epochNanos());
        assertTrue(ring.offer(5, new byte[10], 10));
        assertEquals(0, ring.poll().droppedBefore());
        RingFrame after = ring.poll();
        assertEquals(5, after.epochNanos());
        assertEquals(2, after.droppedBefore(), "the gap sits before frame 5");
        assertNull(ring.poll());
    }

    @Test
    void byteBound_refusesAFrameThatWouldPassIt() {
        FrameRing ring = new FrameRing(1 << 10, CaptureOptions.FULL_SNAP_LENGTH);
        assertTrue(ring.offer(1, new byte[CaptureOptions.FULL_SNAP_LENGTH - 10], CaptureOptions.FULL_SNAP_LENGTH - 10));
        assertFalse(ring.offer(2, new byte[11], 11));
        assertTrue(ring.offer(3, new byte[10], 10));
        assertEquals(1, ring.takeTrailingRefused() + ring.poll().droppedBefore() + ring.poll().droppedBefore());
    }

    @Test
    void refusalsAfterTheLastFrame_areTakenAtTheEnd() {
        FrameRing ring = new FrameRing(2, CaptureOptions.FULL_SNAP_LENGTH);
        ring.offer(1, new byte[1], 1);
        ring.offer(2, new byte[1], 1);
        ring.offer(3, new byte[1], 1);
        assertEquals(1, ring.takeTrailingRefused());
        assertEquals(0, ring.takeTrailingRefused());
    }

    @Test
    void slotsNotAPowerOfTwo_areRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameRing(3, CaptureOptions.FULL_SNAP_LENGTH));
        assertEquals("ring of 3 slots (expected a power of two, 2 or more)", e.getMessage());
    }

    @Test
    void theRingTakesAnEighthOfASmallHeapAndAtMost128MiB() {
        long mib = 1024 * 1024;
        assertEquals(32 * mib, LiveSession.ringBytes(256 * mib), "-Xmx256m");
        assertEquals(LiveSession.RING_BYTES, LiveSession.ringBytes(8192 * mib), "a large heap");
        assertEquals(CaptureOptions.FULL_SNAP_LENGTH, LiveSession.ringBytes(mib), "always one whole frame");
    }
}
