package io.tcpwhy.tcp;

/**
 * When the tracker hands connections out, and how many it holds at most.
 *
 * @param verdictDelayNanos how long after a connection ended (both FINs, or a reset) it is
 *                          handed out even if Zeek still holds it; {@link Long#MAX_VALUE}
 *                          waits for Zeek to let go, which keeps Zeek's records exact
 * @param maxOpen           connections held open at once; past it the least recently
 *                          active one is handed out early, marked as evicted
 */
public record TrackerSettings(long verdictDelayNanos, int maxOpen) {

    /**
     * Open connections per byte of heap the default cap allows: an open connection with its
     * evidence takes a few KiB at most, so one per 8 KiB of heap keeps well inside it
     * (32,768 open connections with -Xmx256m).
     */
    static final long HEAP_BYTES_PER_OPEN_CONNECTION = 8 * 1024;

    /** Files: verdicts as Zeek lets go of ended connections, cap by heap. */
    public static final TrackerSettings FILES = new TrackerSettings(Long.MAX_VALUE, defaultMaxOpen());

    /** Live capture: a verdict half a second after the connection ended, cap by heap. */
    public static final TrackerSettings LIVE = new TrackerSettings(500_000_000L, defaultMaxOpen());

    public TrackerSettings {
        if (verdictDelayNanos < 0) {
            throw new IllegalArgumentException("verdict delay " + verdictDelayNanos + " ns (expected >= 0)");
        }
        if (maxOpen < 1) {
            throw new IllegalArgumentException("at most " + maxOpen + " open connections (expected >= 1)");
        }
    }

    public TrackerSettings withMaxOpen(int max) {
        return new TrackerSettings(verdictDelayNanos, max);
    }

    /** The default cap on open connections for this JVM's heap: one per {@link #HEAP_BYTES_PER_OPEN_CONNECTION}. */
    public static int defaultMaxOpen() {
        long cap = Runtime.getRuntime().maxMemory() / HEAP_BYTES_PER_OPEN_CONNECTION;
        return (int) Math.max(1024, Math.min(cap, 4_000_000));
    }
}
