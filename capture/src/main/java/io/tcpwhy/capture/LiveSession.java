package io.tcpwhy.capture;

import io.tcpwhy.AnalysisSettings;
import io.tcpwhy.FrameAnalysis;
import io.tcpwhy.model.InputReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A live capture explained as it happens. Two threads: the capture thread copies each frame
 * from libpcap into a bounded ring and goes straight back to the kernel ({@link LiveCapture#startInto});
 * the analysis thread writes the file (if any), analyses the frames with
 * {@link AnalysisSettings#LIVE} settings, lets time pass on the wall clock about every 100 ms
 * so that verdicts come even on a quiet port, reports frames lost (by the kernel or by the
 * ring) and flags the connections they touch, and watches open connections for leaks. A
 * {@link LiveListener} hears it all on the analysis thread.
 *
 * <pre>{@code
 * LiveSession s = LiveSession.start(options, FileRotation.NONE, LiveSession.Settings.DEFAULT, listener);
 * ... until Ctrl-C or listener.ended(...) ...
 * CaptureStatistics stats = s.stop();
 * }</pre>
 */
public final class LiveSession {

    /**
     * Frames the ring holds: about 5 s of a stalled analysis at 50,000 frames/s (a collection,
     * the JIT, a busy machine). With 65,536 the load benchmark lost a few thousand frames at
     * 6,000 connections/s (48,000 frames/s) in short stalls.
     */
    static final int RING_SLOTS = 1 << 18;
    /**
     * Bytes the ring holds at most: 512 whole 256 KiB frames. The slab is allocated at the
     * start, so it is sized for the snap length too ({@link #ringBytes}).
     */
    static final int RING_BYTES = 128 * 1024 * 1024;
    /** A ring takes at most this share of the heap, so a small -Xmx keeps room for the analysis. */
    private static final int HEAP_SHARE_DIVISOR = 8;
    /**
     * Slab bytes per slot: half the snap length. Frames cut to the snap length are mostly
     * shorter than it (a bare ACK is 66 bytes on loopback), so every slot still fits; whole
     * frames are bounded by the byte cap long before the slot count.
     */
    private static final int SNAP_LENGTHS_PER_TWO_SLOTS = 2;
    /** The analysis thread's stop, after the capture's: the ring is at most {@value #RING_SLOTS} frames. */
    private static final long JOIN_TIMEOUT_SECONDS = 60;
    /**
     * How long the analysis thread waits after draining the ring, so that the next frames
     * gather into one batch: short against the verdict's second, long enough that a busy
     * capture costs no wake-up per frame. (A ring half full wakes it earlier.)
     */
    private static final long BATCH_WAIT_NANOS = 5_000_000L;

    /**
     * How the session analyses and when it alerts.
     *
     * @param alerts    thresholds for alerts on open connections
     * @param maxFrames analyse (and write) at most this many frames, then {@link LiveListener#ended}
     * @param clock     the wall clock the timers run on
     */
    public record Settings(AlertThresholds alerts, long maxFrames, LiveClock clock) {

        public static final Settings DEFAULT = new Settings(AlertThresholds.DEFAULT, Long.MAX_VALUE, LiveClock.SYSTEM);

        public Settings {
            if (alerts == null || clock == null) {
                throw new IllegalArgumentException("live settings need alert thresholds and a clock");
            }
            if (maxFrames < 1) {
                throw new IllegalArgumentException("frame limit " + maxFrames + " (expected 1 or more)");
            }
        }

        public Settings withAlerts(AlertThresholds a) {
            return new Settings(a, maxFrames, clock);
        }

        public Settings withMaxFrames(long n) {
            return new Settings(alerts, n, clock);
        }
    }

    private final LiveCapture capture;
    private final FrameAnalysis analysis;
    private final FrameRing ring;
    private final AnalysisLoop loop;
    private final Thread analysisThread;
    private final LiveListener listener;
    private volatile boolean captureStopped;
    private volatile Throwable failure;
    private CaptureStatistics statistics;

    private LiveSession(LiveCapture capture, FrameAnalysis analysis, FrameRing ring, AnalysisLoop loop,
                        LiveListener listener) {
        this.capture = capture;
        this.analysis = analysis;
        this.ring = ring;
        this.loop = loop;
        this.listener = listener;
        this.analysisThread = new Thread(this::analyseUntilStopped, "tcpwhy-analysis-" + capture.interfaceName());
        this.analysisThread.setDaemon(true);
    }

    /**
     * Opens the interface, creates the first output file (when {@code options} has one) and
     * starts both threads.
     *
     * @throws CaptureUnavailableException no libpcap, no permission, no such interface, a
     *         filter that does not compile, or an output file that cannot be created
     */
    public static LiveSession start(CaptureOptions options, FileRotation rotation, Settings settings,
                                    LiveListener listener) throws CaptureUnavailableException {
        FrameRing ring = new FrameRing(RING_SLOTS, ringBytes(Runtime.getRuntime().maxMemory(), options.snapLength()));
        LiveCapture capture = LiveCapture.startInto(options, ring);
        PcapFiles files = null;
        if (options.output() != null) {
            Path out = options.output();
            try {
                files = PcapFiles.create(out, rotation, capture.linkType(), capture.timestampDigits() == 9,
                        options.snapLength());
            } catch (IOException | RuntimeException e) {
                capture.stop();
                throw new CaptureUnavailableException("cannot create the capture file " + out + " ("
                        + PcapFiles.why(e) + ")", e);
            }
        }
        FrameAnalysis analysis = new FrameAnalysis(1, AnalysisSettings.LIVE, listener::connection);
        AnalysisLoop loop = new AnalysisLoop(ring, analysis, capture.linkType(), capture.timestampDigits(), files,
                settings.clock(), options.immediate() ? AnalysisLoop.IMMEDIATE_DELIVERY_LAG_NANOS
                        : AnalysisLoop.BLOCK_DELIVERY_LAG_NANOS, settings.alerts(), () -> kernelDrops(capture), listener, settings.maxFrames());
        LiveSession session = new LiveSession(capture, analysis, ring, loop, listener);
        session.analysisThread.start();
        return session;
    }

    public String interfaceName() {
        return capture.interfaceName();
    }

    public int linkType() {
        return capture.linkType();
    }

    /**
     * Stops capturing without losing the tail, lets the analysis take every frame left, list
     * and explain the connections still open and close the file; returns the statistics.
     * Calling it again returns the same statistics.
     *
     * @throws CaptureUnavailableException libpcap failed while capturing, or the file could not be written
     * @throws RuntimeException            what the analysis or the listener threw
     */
    public synchronized CaptureStatistics stop() throws CaptureUnavailableException {
        if (statistics != null) {
            return statistics;
        }
        CaptureStatistics kernel;
        try {
            kernel = capture.stop();
        } finally {
            captureStopped = true;
            joinAnalysis();
        }
        statistics = kernel.withBuffer(loop.frames(), ring.refused());
        Throwable f = failure != null ? failure : loop.fileFailure();
        if (f instanceof CaptureUnavailableException e) {
            throw e;
        }
        if (f instanceof IOException e) {
            throw new CaptureUnavailableException("cannot write the capture file (" + PcapFiles.why(e) + ")", e);
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return statistics;
    }

    /**
     * After {@link #stop()} failed: the statistics of what was captured until the failure, or
     * {@code null} when libpcap could not even count (then there is nothing to sum up).
     */
    public synchronized CaptureStatistics statisticsSoFar() {
        return statistics;
    }

    /**
     * What the analysis made of the frames, for the report's input entry; after {@link #stop()}
     * (the analysis thread has ended, so its counters are final and safe to read).
     */
    public synchronized InputReport inputReport(String source) {
        if (statistics == null) {
            throw new IllegalStateException("the input report of a live session is known after stop()");
        }
        return new InputReport(source, "live", analysis.linkTypeNames(), analysis.frames(), analysis.tcpFrames(),
                analysis.nonTcp(), analysis.malformed(), analysis.truncated(), !statistics.hasDrops(),
                statistics.hasDrops() ? statistics.describe() : null);
    }

    /**
     * The ring's slab for a heap of {@code maxHeap} bytes and frames cut at {@code snapLength}:
     * {@link #RING_BYTES} at most, half a snap length per slot, an eighth of the heap, and
     * never less than one whole frame.
     */
    static int ringBytes(long maxHeap, int snapLength) {
        long forSlots = (long) RING_SLOTS * snapLength / SNAP_LENGTHS_PER_TWO_SLOTS;
        long bytes = Math.min(Math.min(RING_BYTES, forSlots), maxHeap / HEAP_SHARE_DIVISOR);
        return (int) Math.max(CaptureOptions.FULL_SNAP_LENGTH, bytes);
    }

    private void analyseUntilStopped() {
        try {
            while (!captureStopped) {
                int taken = loop.step();
                if (taken >= AnalysisLoop.FRAMES_PER_STEP) {
                    continue; // a flood: straight on
                }
                if (taken > 0) {
                    // The ring is drained: wait for the next batch rather than step again at
                    // once for the few frames that came meanwhile. Each step ends with a write
                    // of the verdicts and a look at the clock; stepping again at once made
                    // several steps per wait.
                    ring.pause(BATCH_WAIT_NANOS);
                } else {
                    // Nothing came during the pause: sleep until the next timer, or until the
                    // first frame, which wakes it. The kernel hands frames over in blocks (by
                    // default every 100 ms on a slow port), so polling every 5 ms in between
                    // was 20 wake-ups for one batch: 9% of the analysis thread at 1,000
                    // connections/s. A wake-up per frame cannot happen: the pause above
                    // comes between any two.
                    ring.await(loop.nanosUntilDue(), true);
                }
                if (capture.failed()) {
                    listener.ended("the capture stopped: libpcap failed");
                    break;
                }
            }
            // The capture thread has stopped (or failed): the ring only shrinks now.
            while (!captureStopped) {
                ring.await(BATCH_WAIT_NANOS, false);
            }
            loop.finish();
        } catch (IOException | CaptureUnavailableException | RuntimeException | Error e) {
            failure = e;
            loop.abandon();
            listener.ended("the analysis stopped: " + NativePcap.oneLine(e));
        }
    }

    private void joinAnalysis() {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_TIMEOUT_SECONDS);
        while (analysisThread.isAlive() && System.nanoTime() < deadline) {
            try {
                analysisThread.join(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (analysisThread.isAlive()) {
            throw new IllegalStateException("the analysis of '" + capture.interfaceName() + "' did not end within "
                    + JOIN_TIMEOUT_SECONDS + " s of the capture's stop");
        }
    }

    private static long kernelDrops(LiveCapture capture) throws CaptureUnavailableException {
        CaptureStatistics s = capture.statisticsNow();
        return s.droppedByKernel() + s.droppedByInterface();
    }
}
