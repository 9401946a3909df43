package io.tcpwhy.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the kernel's TCP and socket events for some ports while they happen: a tracing
 * instance of its own, its trace_pipe read on a daemon thread, each line parsed and handed to
 * a listener. {@link #stop()} (or the shutdown hook, when the JVM ends first) removes the
 * instance.
 */
public final class KernelEvents implements AutoCloseable {

    /** Every event tcpwhy reads. */
    public static final List<KernelEventType> ALL = List.of(KernelEventType.values());
    /** How long start() waits for its clock marker to come back through trace_pipe. */
    private static final long SYNC_WAIT_MILLIS = 2_000;
    /** How long stop() waits for the reader to reach the stop marker. */
    private static final long STOP_WAIT_MILLIS = 5_000;
    private static final String SYNC_MARK = "tcpwhy-sync";
    private static final String STOP_MARK = "tcpwhy-stop";

    private final TracingInstance instance;
    private final Set<Integer> ports;
    private final KernelEventListener listener;
    private final Thread reader;
    private final Thread shutdownHook;
    private final CountDownLatch synced = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long syncTraceNanos = -1;
    private volatile String readError = "";
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong otherPorts = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile String firstMalformed = "";
    private ClockAlignment clock;
    private KernelStatistics statistics;

    private KernelEvents(TracingInstance instance, Set<Integer> ports, KernelEventListener listener) {
        this.instance = instance;
        this.ports = Set.copyOf(ports);
        this.listener = listener;
        this.reader = new Thread(this::read, "tcpwhy-kernel-events");
        this.reader.setDaemon(true);
        this.shutdownHook = new Thread(this::stopFromHook, "tcpwhy-kernel-cleanup");
    }

    /**
     * Starts reading the kernel's events of {@code ports} (every port when empty) from
     * /sys/kernel/tracing.
     *
     * @throws KernelUnavailableException not Linux, no tracefs, an event missing, no permission
     */
    public static KernelEvents start(Set<Integer> ports, KernelEventListener listener)
            throws KernelUnavailableException {
        return start(TracingInstance.DEFAULT_ROOT, ports, listener);
    }

    static KernelEvents start(Path tracefs, Set<Integer> ports, KernelEventListener listener)
            throws KernelUnavailableException {
        TracingInstance instance = TracingInstance.create(tracefs, ALL, ports);
        KernelEvents k = new KernelEvents(instance, ports, listener);
        Runtime.getRuntime().addShutdownHook(k.shutdownHook);
        k.reader.start();
        try {
            long before = epochNanos();
            instance.mark(SYNC_MARK);
            long after = epochNanos();
            if (!k.synced.await(SYNC_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                k.stop();
                throw new KernelUnavailableException("the tracing instance's trace_pipe gave nothing back within "
                        + SYNC_WAIT_MILLIS + " ms" + (k.readError.isEmpty() ? "" : " (" + k.readError + ")")
                        + ": going on without kernel data");
            }
            k.clock = new ClockAlignment((before + after) / 2 - k.syncTraceNanos, (after - before) / 2);
        } catch (IOException e) {
            k.stop();
            throw new KernelUnavailableException("cannot write the tracing instance's trace_marker: "
                    + e.getMessage() + " (run as root)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            k.stop();
            throw new KernelUnavailableException("interrupted while starting kernel events", e);
        }
        return k;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The trace clock against wall time, measured at start. */
    public ClockAlignment clock() {
        return clock;
    }

    /** The instance's folder, for messages. */
    public Path instanceDir() {
        return instance.dir();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(instance.pipe(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!take(line)) {
                    break;
                }
            }
        } catch (IOException e) {
            readError = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            stopped.countDown();
        }
    }

    /** Handles one line; false at the stop marker. */
    private boolean take(String line) {
        TraceLine parsed;
        try {
            parsed = TraceLineParser.parse(line);
        } catch (KernelTraceException e) {
            if (malformed.getAndIncrement() == 0) {
                firstMalformed = e.getMessage();
            }
            return true;
        }
        if (parsed instanceof TraceLine.Event e) {
            if (!ports.isEmpty() && ports.stream().noneMatch(p -> e.event().touches(p))) {
                otherPorts.incrementAndGet();
                return true;
            }
            events.incrementAndGet();
            listener.event(e.event());
        } else if (parsed instanceof TraceLine.Marker m) {
            if (m.text().equals(SYNC_MARK)) {
                syncTraceNanos = m.traceNanos();
                synced.countDown();
            } else if (m.text().equals(STOP_MARK)) {
                return false;
            }
        } else if (parsed instanceof TraceLine.Lost l) {
            lost.addAndGet(l.count());
        }
        return true;
    }

    /**
     * Reads every event up to now, then removes the tracing instance. Idempotent.
     */
    public synchronized KernelStatistics stop() {
        if (statistics != null) {
            return statistics;
        }
        try {
            instance.mark(STOP_MARK);
            stopped.await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            readError = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        instance.close();
        try {
            if (Thread.currentThread() != shutdownHook) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs (or ran) and close() is idempotent.
        }
        statistics = new KernelStatistics(events.get(), lost.get(), otherPorts.get(), malformed.get(), firstMalformed,
                clock == null ? new ClockAlignment(0, 0) : clock, instance.isRemoved());
        return statistics;
    }

    private void stopFromHook() {
        stop();
    }

    @Override
    public void close() {
        stop();
    }
}
