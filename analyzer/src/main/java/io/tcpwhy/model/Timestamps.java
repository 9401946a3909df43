package io.tcpwhy.model;

import java.time.Instant;

/** Capture timestamps as the contract writes them: ISO-8601 UTC at the capture's precision. */
public final class Timestamps {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Timestamps() {
    }

    /** {@code 2024-05-01T10:00:00.123456Z} for 6 digits, {@code ...123456789Z} for 9. */
    public static String iso(long epochNanos, int digits) {
        if (digits < 0 || digits > 9) {
            throw new IllegalArgumentException("fraction digits " + digits + " (expected 0-9)");
        }
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        String base = Instant.ofEpochSecond(seconds).toString(); // ends in 'Z', no fraction
        if (digits == 0) {
            return base;
        }
        String fraction = String.format("%09d", nanos).substring(0, digits);
        return base.substring(0, base.length() - 1) + "." + fraction + "Z";
    }

    /** Seconds between two capture timestamps, for durations and idle times. */
    public static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / (double) NANOS_PER_SECOND;
    }
}
