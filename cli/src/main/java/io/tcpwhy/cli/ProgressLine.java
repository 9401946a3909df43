package io.tcpwhy.cli;

import io.tcpwhy.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A single progress line on a terminal's stderr, redrawn in place with {@code \r}:
 * {@code tcpwhy: big.pcap 42% 1234567 frames 250000 frames/s}. Drawn only once a file has
 * taken a while, at most a few times a second, and erased before anything else is
 * printed and at the end, so that it never shows up in the output itself. Callers create
 * it only when stderr is a terminal; in pipes and tests there is no progress at all.
 */
final class ProgressLine implements ProgressListener {

    /** Short files never show progress: nothing is drawn in a file's first second. */
    static final long FIRST_DRAW_AFTER_NANOS = 1_000_000_000L;
    /** Five redraws a second read as movement without costing anything. */
    static final long REDRAW_EVERY_NANOS = 200_000_000L;
    private static final double NANOS_PER_SECOND = 1e9;
    private static final int PERCENT = 100;

    private final PrintWriter out;
    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private String name = "";
    private long startNanos;
    private long lastDrawNanos;
    private int drawnLength;

    /**
     * @param out       flushed before each draw, so that output written since the last
     *                  {@link #clear} appears above the progress line, not over it
     * @param nanoClock {@link System#nanoTime} outside tests
     */
    ProgressLine(PrintWriter out, PrintWriter err, LongSupplier nanoClock) {
        this.out = out;
        this.err = err;
        this.nanoClock = nanoClock;
    }

    /** A new file begins: timing and the first-draw delay start over. */
    void start(String fileName) {
        clear();
        name = fileName;
        startNanos = nanoClock.getAsLong();
        lastDrawNanos = startNanos;
    }

    @Override
    public void progress(long bytesRead, long totalBytes, long frames) {
        long now = nanoClock.getAsLong();
        long elapsed = now - startNanos;
        if (elapsed < FIRST_DRAW_AFTER_NANOS || now - lastDrawNanos < REDRAW_EVERY_NANOS) {
            return;
        }
        lastDrawNanos = now;
        StringBuilder sb = new StringBuilder(80).append(Errors.PREFIX).append(name);
        if (totalBytes > 0) {
            sb.append(' ').append(Math.min(PERCENT, bytesRead * PERCENT / totalBytes)).append('%');
        }
        sb.append(' ').append(frames).append(" frames ")
                .append(String.format(Locale.ROOT, "%.0f", frames * NANOS_PER_SECOND / elapsed)).append(" frames/s");
        String text = sb.toString();
        out.flush();
        // Pad with spaces so that a shorter line fully covers the longer one before it.
        err.print('\r' + text + " ".repeat(Math.max(0, drawnLength - text.length())));
        err.flush();
        drawnLength = text.length();
    }

    /** Erases the line, if one is drawn, leaving the cursor at the start of the empty line. */
    void clear() {
        if (drawnLength == 0) {
            return;
        }
        err.print('\r' + " ".repeat(drawnLength) + '\r');
        err.flush();
        drawnLength = 0;
    }
}
