package io.tcpwhy.capture;

import io.tcpwhy.FrameAnalysis;
import io.tcpwhy.model.TcpState;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The analysis thread's work, one {@link #step} at a time: take the frames the capture thread
 * put in the ring, write them (when writing a file) and analyse them; then let time pass on
 * the wall clock, so that a connection that ended is explained even when no further frame
 * comes; look at the kernel's drop counter; look at the open connections for leaks.
 * Everything runs on the clock it is given, so tests drive it step by step with a clock they
 * advance. Not thread-safe: one thread calls it (as {@link FrameAnalysis} requires).
 */
final class AnalysisLoop {

    /** How often the tracker hears the wall clock: a verdict comes at most this much after it is due. */
    static final long ADVANCE_EVERY_NANOS = 100_000_000L;
    /**
     * How far behind the wall clock a frame may still arrive without immediate mode: the
     * kernel hands frames over in blocks, retired at the latest after libpcap's buffer
     * timeout; twice that, for the timer's slack and the capture thread's wake-up.
     */
    static final long BLOCK_DELIVERY_LAG_NANOS = 2 * NativePcap.READ_TIMEOUT_MILLIS * 1_000_000L;
    /** The same in immediate mode: only the capture thread's wake-up and the ring's hand-over. */
    static final long IMMEDIATE_DELIVERY_LAG_NANOS = 20_000_000L;
    /** How often the open connections are looked at for leaks; alerts are in whole seconds. */
    static final long WATCH_EVERY_NANOS = 500_000_000L;
    /** How often the kernel's counters are read for drops. */
    static final long KERNEL_STATS_EVERY_NANOS = 100_000_000L;
    private static final long MIN_WAIT_NANOS = 1_000_000L;
    /** Frames taken per step before time is looked at again, so a flood still lets timers run. */
    static final int FRAMES_PER_STEP = 4096;

    /** The kernel's drop counters, read now. */
    @FunctionalInterface
    interface KernelDrops {
        /** Frames the kernel (and the interface) dropped since the capture started. */
        long dropped() throws CaptureUnavailableException;
    }

    private final FrameRing ring;
    private final byte[] slab;
    /** The ring's bytes as the decoder reads them, made once: frames are read in place. */
    private final ByteBuffer slabView;
    private final FrameAnalysis analysis;
    private final int linkType;
    private final int timestampDigits;
    /** The files written, until one cannot be: then null, and the analysis goes on without them. */
    private PcapFiles files;
    /** Why the files stopped, if they did. */
    private IOException fileFailure;
    private final LiveClock clock;
    private final long deliveryLagNanos;
    private final OpenConnectionWatch watch;
    private final KernelDrops kernel;
    private final LiveListener listener;
    private final long maxFrames;
    private long frames;
    private long kernelDropsSeen;
    private long bufferDropsSeen;
    private long nextAdvance = Long.MIN_VALUE;
    private long nextWatch = Long.MIN_VALUE;
    private long nextKernelStats = Long.MIN_VALUE;
    private boolean limitReached;
    /** The capture time of the newest frame analysed. */
    private long newestFrameNanos = Long.MIN_VALUE;
    /** Which open connections lost frames: those held when the last loss was told to the analysis. */
    private FrameLoss loss = FrameLoss.NONE;
    /** Kernel drops counted but not yet told to the analysis: it has not reached their frames' neighbours. */
    private long kernelDropsPending;
    /** The ring's tail when they were counted: every frame before it was captured before the count was read. */
    private long kernelDropsPendingUntil;

    AnalysisLoop(FrameRing ring, FrameAnalysis analysis, int linkType, int timestampDigits, PcapFiles files,
                 LiveClock clock, long deliveryLagNanos, AlertThresholds thresholds, KernelDrops kernel, LiveListener listener, long maxFrames) {
        this.ring = ring;
        this.slab = ring.slab();
        this.slabView = ByteBuffer.wrap(slab);
        this.analysis = analysis;
        this.linkType = linkType;
        this.timestampDigits = timestampDigits;
        this.files = files;
        this.clock = clock;
        this.deliveryLagNanos = deliveryLagNanos;
        this.watch = new OpenConnectionWatch(thresholds);
        this.kernel = kernel;
        this.listener = listener;
        this.maxFrames = maxFrames;
    }

    /**
     * Takes up to {@value #FRAMES_PER_STEP} frames from the ring, then runs what the clock says
     * is due. Returns the frames taken (0: the ring was empty).
     */
    int step() throws IOException, CaptureUnavailableException {
        long first = ring.head();
        long end = Math.min(ring.tail(), first + FRAMES_PER_STEP);
        for (long seq = first; seq < end; seq++) {
            if (seq == kernelDropsPendingUntil) {
                flagKernelDrops();
            }
            if (ring.droppedBefore(seq) > 0) {
                lost(ring.droppedBefore(seq));
            }
            if (frames >= maxFrames) {
                continue;
            }
            frames++;
            int offset = ring.offset(seq);
            int length = ring.length(seq);
            if (files != null) {
                try {
                    files.write(ring.epochNanos(seq), slab, offset, length, ring.originalLength(seq));
                } catch (IOException e) {
                    fileFailed(e);
                }
            }
            long frameNanos = ring.epochNanos(seq);
            analysis.frame(frames, frameNanos, timestampDigits, linkType, slabView, offset, length);
            newestFrameNanos = Math.max(newestFrameNanos, frameNanos);
            if (frames == maxFrames && !limitReached) {
                limitReached = true;
                listener.ended("captured the " + maxFrames + " frames asked for");
            }
        }
        if (end == kernelDropsPendingUntil) {
            flagKernelDrops();
        }
        // The frames are analysed (and copied to the file's batch): their room goes back to the capture.
        ring.release(end);
        int taken = (int) (end - first);
        boolean batchDone = taken < FRAMES_PER_STEP;
        if (files != null && batchDone) {
            // The ring ran empty: what was taken goes to the file now, whole records only.
            try {
                files.flush();
            } catch (IOException e) {
                fileFailed(e);
            }
        }
        // The tracker's time moves only if the ring is empty now, not merely because this step
        // took less than a step's worth: a slow step (the JIT's first seconds, a collection)
        // finds new frames behind it, older than the wall clock.
        if (tick(clock.epochNanos(), ring.size() == 0) || batchDone && taken > 0) {
            listener.caughtUp();
        }
        return taken;
    }

    /** How long until the next timer is due (the clock's advance, the watch, the kernel's counters), at least 1 ms. */
    long nanosUntilDue() {
        long due = Math.min(nextAdvance, Math.min(nextWatch, nextKernelStats));
        return Math.max(MIN_WAIT_NANOS, Math.min(ADVANCE_EVERY_NANOS, due - clock.epochNanos()));
    }

    /** Frames analysed so far (the frame number of the last one). */
    long frames() {
        return frames;
    }

    /**
     * The end, after the capture stopped: takes every frame left in the ring, counts the last
     * drops, lists the connections still open and explains them, closes the file.
     */
    void finish() throws IOException, CaptureUnavailableException {
        while (step() > 0) {
            // Drain: the capture thread has stopped, the ring only shrinks.
        }
        long trailing = ring.takeTrailingRefused();
        if (trailing > 0) {
            lost(trailing);
        }
        pollKernel();
        flagKernelDrops();
        long now = clock.epochNanos();
        listener.stillOpen(analysis.openSnapshot(AnalysisLoop::notEnded).stream()
                .map(c -> new StillOpen(c, loss.touched(c))).toList(), now);
        analysis.finish();
        if (files != null) {
            try {
                files.close();
            } catch (IOException e) {
                fileFailed(e);
            }
        }
    }

    /**
     * Why the files stopped being written ({@code null}: they did not). The analysis went on
     * without them, so that the verdicts of every connection it had seen still come out.
     */
    IOException fileFailure() {
        return fileFailure;
    }

    /**
     * A file could not be written (the disk full, its directory removed): the files are closed
     * with the whole records they hold, and the session is asked to end; the analysis goes on
     * until it does, and explains what it holds, instead of dropping every open connection.
     */
    private void fileFailed(IOException e) {
        fileFailure = e;
        abandon();
        files = null;
        listener.ended("cannot write the capture file (" + PcapFiles.why(e) + ")");
    }

    /**
     * Still open at the end: not both sides closed. A connection that ended within the last
     * second (both in CLOSED or TIME_WAIT, a reset included) is held only for its verdict,
     * printed right after: listing it as open was hundreds of closed connections called open
     * when a busy capture was stopped.
     */
    static boolean notEnded(TcpState client, TcpState server) {
        return !(closed(client) && closed(server));
    }

    private static boolean closed(TcpState s) {
        return s == TcpState.CLOSED || s == TcpState.TIME_WAIT;
    }

    /** After a failure: closes the file with what was written so far; nothing more is analysed. */
    void abandon() {
        if (files != null) {
            try {
                files.close();
            } catch (IOException ignored) {
                // The failure being reported is the first one; the file keeps its whole records.
            }
        }
    }

    /**
     * Runs what is due at {@code now}; true when time was advanced (verdicts may have come out).
     * The tracker's time is moved only when the ring is empty, and only to {@code now} less
     * the delivery lag: a frame still on its way (in a kernel block, in the ring) is older
     * than {@code now}, and a tracker already past its time would take it as seen later, its
     * connection's times and timeline wrong by up to the lag.
     */
    private boolean tick(long now, boolean caughtUp) throws CaptureUnavailableException {
        if (now >= nextKernelStats) {
            nextKernelStats = now + KERNEL_STATS_EVERY_NANOS;
            pollKernel();
        }
        boolean advanced = caughtUp && now >= nextAdvance;
        if (advanced) {
            nextAdvance = now + ADVANCE_EVERY_NANOS;
            analysis.advanceTo(now - deliveryLagNanos);
        }
        if (now >= nextWatch) {
            nextWatch = now + WATCH_EVERY_NANOS;
            for (LiveAlert a : watch.check(analysis.openSnapshot(OpenConnectionWatch::watched), now, loss)) {
                listener.alert(a);
            }
        }
        return advanced;
    }

    /**
     * Reads the kernel's drop counter and says at once what it lost; the connections it touched are
     * flagged once the analysis has taken every frame captured before the count was read
     * ({@link #flagKernelDrops}). Flagging at once would miss them when the analysis is behind (a
     * ring of 4,096 frames or more still to take): their frames, on both sides of the gap, are not
     * yet in the tracker, and a connection whose SYN-ACK went in the gap would be explained as an
     * unanswered SYN with nothing said of the loss.
     */
    private void pollKernel() throws CaptureUnavailableException {
        long dropped = kernel.dropped();
        if (dropped > kernelDropsSeen) {
            long fresh = dropped - kernelDropsSeen;
            kernelDropsSeen = dropped;
            kernelDropsPending += fresh;
            kernelDropsPendingUntil = ring.tail();
            listener.dropped(new DropNotice(fresh, 0, kernelDropsSeen + bufferDropsSeen, analysis.openConnections()));
            if (ring.head() == kernelDropsPendingUntil) {
                flagKernelDrops();
            }
        }
    }

    /** Tells the analysis of the kernel drops counted: it now holds the connections around the gap. */
    private void flagKernelDrops() {
        if (kernelDropsPending > 0) {
            analysis.framesDropped(kernelDropsPending);
            loss = new FrameLoss(newestFrameNanos);
            kernelDropsPending = 0;
        }
    }

    /** Frames the ring refused just before the frame about to be analysed: the gap is exactly here. */
    private void lost(long byBuffer) {
        bufferDropsSeen += byBuffer;
        analysis.framesDropped(byBuffer);
        loss = new FrameLoss(newestFrameNanos);
        listener.dropped(new DropNotice(0, byBuffer, kernelDropsSeen + bufferDropsSeen, analysis.openConnections()));
    }
}
