package io.tcpwhy.capture;

import java.time.Instant;

/**
 * The wall clock a live analysis runs its timers on, in the frames' own unit: nanoseconds
 * since 1970-01-01 UTC. Injected so that tests advance time instead of sleeping.
 */
@FunctionalInterface
public interface LiveClock {

    /** The system's wall clock, at the precision {@link Instant#now()} offers. */
    LiveClock SYSTEM = () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    long epochNanos();
}
