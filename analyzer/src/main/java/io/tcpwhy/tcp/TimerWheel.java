package io.tcpwhy.tcp;

/**
 * Which connections have a timer due: a hashed timing wheel of intrusive lists, so that
 * arming, re-arming and cancelling a connection's next deadline allocates nothing and costs
 * O(1), and advancing the clock visits only the slots it passes (at most one revolution,
 * however far a hostile timestamp jumps). Each connection keeps its own timers and tells the
 * wheel only its earliest deadline.
 */
final class TimerWheel {

    /**
     * A member of the wheel: one connection, linked into at most one slot. Keyed for the
     * flow table too, Java having one superclass: the tracker's connection is in both.
     */
    abstract static class Entry extends FlowTable.Keyed {
        private Entry prev;
        private Entry next;
        /** The next entry taken by the same {@link #takeDue}: apart from the slot links, which firing may reuse. */
        private Entry dueNext;
        private int slot = -1;
        private long due = Long.MAX_VALUE;

        /** The earliest deadline this entry is armed for, {@link Long#MAX_VALUE} if none. */
        final long due() {
            return due;
        }

        /** The entry taken after this one by the same {@link #takeDue}, null after the last. */
        final Entry dueNext() {
            return dueNext;
        }
    }

    /**
     * 2^20 ns, about 1 ms: a slot holds few entries not yet due. A due slot is walked whole,
     * each entry a cache miss, on every segment until all of it is due: with 17 ms slots the
     * 1M-frame capture walked 2.7 million entries to take 370,000.
     */
    private static final int SLOT_SHIFT = 20;
    /** 65,536 slots of 1 ms: one revolution is about 69 s; later deadlines wait in their slot for their turn. */
    private static final int SLOTS = 1 << 16;
    private static final int SLOT_MASK = SLOTS - 1;

    private final Entry[] heads = new Entry[SLOTS];
    /**
     * For each slot, no later than the earliest deadline in it ({@link Long#MAX_VALUE} when
     * empty; a disarmed entry may leave it early, which costs one needless visit). A slot is
     * walked only when this is due: the current slot is reached by every step of the clock,
     * and walking it touched each connection in it, one cache miss apiece, on every segment.
     */
    private final long[] slotEarliest = new long[SLOTS];

    TimerWheel() {
        java.util.Arrays.fill(slotEarliest, Long.MAX_VALUE);
    }
    private long visitedTick = Long.MIN_VALUE;
    private int size;

    /** Arms {@code e} for {@code due} (replacing any earlier arming); {@link Long#MAX_VALUE} disarms it. */
    void arm(Entry e, long due) {
        if (e.slot >= 0) {
            unlink(e);
        }
        e.due = due;
        if (due == Long.MAX_VALUE) {
            return;
        }
        int slot = (int) (tick(due) & SLOT_MASK);
        e.slot = slot;
        e.prev = null;
        e.next = heads[slot];
        if (e.next != null) {
            e.next.prev = e;
        }
        heads[slot] = e;
        if (due < slotEarliest[slot]) {
            slotEarliest[slot] = due;
        }
        size++;
    }

    /**
     * Entries armed for a time at or before {@code now}, disarmed, in the order the slots are visited:
     * the first, then each one's {@link Entry#dueNext()}; null when none is due. A chain
     * through the entries themselves rather than a list: most steps of the clock take nothing.
     */
    Entry takeDue(long now) {
        if (size == 0) {
            visitedTick = tick(now);
            return null;
        }
        Entry taken = null;
        Entry last = null;
        long to = tick(now);
        // The slot of the last visit may still hold entries due later in that slot's span.
        long from = visitedTick == Long.MIN_VALUE ? to : Math.min(visitedTick, to);
        if (to - from >= SLOTS) {
            from = to - SLOTS + 1; // one revolution visits every slot
        }
        for (long t = from; t <= to; t++) {
            int slot = (int) (t & SLOT_MASK);
            if (slotEarliest[slot] > now) {
                continue;
            }
            long earliestLeft = Long.MAX_VALUE;
            for (Entry e = heads[slot]; e != null; ) {
                Entry next = e.next;
                if (e.due > now) {
                    earliestLeft = Math.min(earliestLeft, e.due);
                } else {
                    unlink(e);
                    e.due = Long.MAX_VALUE;
                    e.dueNext = null;
                    if (last == null) {
                        taken = e;
                    } else {
                        last.dueNext = e;
                    }
                    last = e;
                }
                e = next;
            }
            slotEarliest[slot] = earliestLeft;
        }
        visitedTick = Math.max(visitedTick, to);
        return taken;
    }

    /** Entries armed now. */
    int size() {
        return size;
    }

    private void unlink(Entry e) {
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            heads[e.slot] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.slot = -1;
        size--;
    }

    private static long tick(long nanos) {
        return nanos >> SLOT_SHIFT;
    }
}
