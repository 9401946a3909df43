package io.tcpwhy.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameRingTest {

    private static final int WHOLE = CaptureOptions.FULL_SNAP_LENGTH;

    @Test
    void fullRing_refusesAtOnceAndTheNextFrameCarriesTheGap() {
        FrameRing ring = new FrameRing(2, WHOLE);
        assertTrue(ring.offer(1, new byte[10], 10));
        assertTrue(ring.offer(2, new byte[10], 10));
        assertFalse(ring.offer(3, new byte[10], 10));
        assertFalse(ring.offer(4, new byte[10], 10));
        assertEquals(2, ring.refused());
        assertEquals(1, ring.epochNanos(ring.head()));
        ring.release(ring.head() + 1);
        assertTrue(ring.offer(5, new byte[10], 10));
        assertEquals(0, ring.droppedBefore(ring.head()));
        long after = ring.head() + 1;
        assertEquals(5, ring.epochNanos(after));
        assertEquals(2, ring.droppedBefore(after), "the gap sits before frame 5");
        ring.release(ring.tail());
        assertEquals(0, ring.size());
    }

    @Test
    void frames_areReadInPlaceWithTheirLengths() {
        FrameRing ring = new FrameRing(4, WHOLE);
        byte[] first = {1, 2, 3};
        byte[] second = {4, 5, 6, 7, 8};
        ring.offer(100, first, 60);
        ring.offer(200, second, 5);
        long seq = ring.head();
        assertArrayEquals(first, bytes(ring, seq));
        assertEquals(60, ring.originalLength(seq), "cut by the snap length: the wire length is kept");
        assertArrayEquals(second, bytes(ring, seq + 1));
        assertEquals(5, ring.originalLength(seq + 1));
        assertEquals(200, ring.epochNanos(seq + 1));
    }

    @Test
    void byteBound_refusesAFrameThatWouldPassItUntilTheConsumerReleases() {
        FrameRing ring = new FrameRing(1 << 10, WHOLE);
        assertTrue(ring.offer(1, new byte[WHOLE - 10], WHOLE - 10));
        assertFalse(ring.offer(2, new byte[11], 11));
        assertTrue(ring.offer(3, new byte[10], 10));
        assertFalse(ring.offer(4, new byte[1], 1), "the slab is full to the byte");
        ring.release(ring.head() + 1);
        assertTrue(ring.offer(5, new byte[WHOLE - 10], WHOLE - 10), "the first frame's room is free again");
        long seq = ring.head();
        assertEquals(1, ring.droppedBefore(seq));
        assertEquals(1, ring.droppedBefore(seq + 1));
        assertEquals(0, ring.takeTrailingRefused());
    }

    @Test
    void aFrameThatWouldCrossTheSlabsEnd_startsAgainAtItsBeginningWhole() {
        FrameRing ring = new FrameRing(8, WHOLE);
        byte[] big = new byte[WHOLE - 100];
        Arrays.fill(big, (byte) 7);
        assertTrue(ring.offer(1, big, big.length));
        ring.release(ring.tail());
        byte[] wraps = new byte[200];
        Arrays.fill(wraps, (byte) 9);
        assertTrue(ring.offer(2, wraps, wraps.length));
        long seq = ring.head();
        assertEquals(0, ring.offset(seq), "200 bytes do not fit in the last 100");
        assertArrayEquals(wraps, bytes(ring, seq));
        assertTrue(ring.offer(3, new byte[WHOLE - 200], WHOLE - 200), "exactly the rest");
        assertFalse(ring.offer(4, new byte[1], 1));
    }

    @Test
    void manyFramesThroughASmallSlab_comeOutAsTheyWentIn() {
        FrameRing ring = new FrameRing(16, WHOLE);
        long next = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] f = new byte[1 + i % 5000];
            Arrays.fill(f, (byte) i);
            assertTrue(ring.offer(i, f, f.length), "frame " + i);
            if (i % 7 == 6) {
                for (long seq = ring.head(); seq < ring.tail(); seq++, next++) {
                    assertEquals(next, ring.epochNanos(seq));
                    byte[] got = bytes(ring, seq);
                    assertEquals(1 + next % 5000, got.length);
                    for (byte b : got) {
                        assertEquals((byte) next, b, "frame " + next);
                    }
                }
                ring.release(ring.tail());
            }
        }
    }

    @Test
    void aConsumerAsleepOnAQuietPort_isWokenByTheFirstFrame() throws Exception {
        FrameRing ring = new FrameRing(1 << 10, WHOLE);
        CountDownLatch awake = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            ring.await(TimeUnit.SECONDS.toNanos(60), true);
            awake.countDown();
        });
        consumer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, consumer.getState(), "the consumer sleeps");
        ring.offer(1, new byte[10], 10);
        assertTrue(awake.await(10, TimeUnit.SECONDS), "one frame (of 1024 slots) woke it, long before its 60 s");
        consumer.join(10_000);
    }

    @Test
    void aPausedConsumer_sleepsThroughFramesThereAndWakesWhenTheRingIsHalfFull() throws Exception {
        FrameRing ring = new FrameRing(8, WHOLE);
        ring.offer(0, new byte[1], 1);
        CountDownLatch awake = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            ring.pause(TimeUnit.SECONDS.toNanos(60));
            awake.countDown();
        });
        consumer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, consumer.getState(), "a frame already there does not cut the pause short");
        ring.offer(1, new byte[1], 1);
        assertFalse(awake.await(200, TimeUnit.MILLISECONDS), "two frames of eight leave it asleep");
        ring.offer(2, new byte[1], 1);
        ring.offer(3, new byte[1], 1);
        ring.offer(4, new byte[1], 1);
        assertTrue(awake.await(10, TimeUnit.SECONDS), "half full (4 of 8) woke it, long before its 60 s");
        consumer.join(10_000);
    }

    @Test
    void refusalsAfterTheLastFrame_areTakenAtTheEnd() {
        FrameRing ring = new FrameRing(2, WHOLE);
        ring.offer(1, new byte[1], 1);
        ring.offer(2, new byte[1], 1);
        ring.offer(3, new byte[1], 1);
        assertEquals(1, ring.takeTrailingRefused());
        assertEquals(0, ring.takeTrailingRefused());
    }

    @Test
    void publishWithoutAClaim_isAnError() {
        FrameRing ring = new FrameRing(2, WHOLE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.publish(1, 1, 1));
        assertEquals("publish without a claim", e.getMessage());
    }

    @Test
    void slotsNotAPowerOfTwo_areRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrameRing(3, WHOLE));
        assertEquals("ring of 3 slots (expected a power of two, 2 or more)", e.getMessage());
    }

    @Test
    void theSlabTakesHalfASnapLengthPerSlotAnEighthOfASmallHeapAndAtMost128MiB() {
        long mib = 1024 * 1024;
        assertEquals(32 * mib, LiveSession.ringBytes(8192 * mib, CaptureOptions.HEADER_SNAP_LENGTH),
                "262,144 slots of 128 bytes: header-only frames");
        assertEquals(LiveSession.RING_BYTES, LiveSession.ringBytes(8192 * mib, WHOLE), "whole frames, a large heap");
        assertEquals(16 * mib, LiveSession.ringBytes(128 * mib, WHOLE), "-Xmx128m");
        assertEquals(WHOLE, LiveSession.ringBytes(mib, WHOLE), "always one whole frame");
    }

    private static byte[] bytes(FrameRing ring, long seq) {
        return Arrays.copyOfRange(ring.slab(), ring.offset(seq), ring.offset(seq) + ring.length(seq));
    }
}
