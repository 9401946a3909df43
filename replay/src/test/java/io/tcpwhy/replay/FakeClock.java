package io.tcpwhy.replay;

import java.util.ArrayList;
import java.util.List;

/** A replay clock that never sleeps: each wait moves time on and is written down. */
final class FakeClock implements ReplayClock {

    private long now = 1_000_000_000L;
    private final List<Long> waits = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleepUntil(long deadline) {
        if (deadline > now) {
            waits.add(deadline - now);
            now = deadline;
        }
    }

    /** Every wait the pacing asked for, in nanoseconds, in order. */
    synchronized List<Long> waits() {
        return List.copyOf(waits);
    }

    synchronized long waited() {
        return waits.stream().mapToLong(Long::longValue).sum();
    }
}
