package io.tcpwhy.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A tracefs instance of tcpwhy's own ({@code instances/tcpwhy-PID-N}): its own ring buffer,
 * clock and event switches, so nothing else tracing on the machine is disturbed. Only moves
 * text: it never parses a line.
 */
final class TracingInstance implements AutoCloseable {

    static final Path DEFAULT_ROOT = Path.of("/sys/kernel/tracing");
    /** Instances are named {@value #PREFIX}PID-N so a later run can tell ours from anyone else's. */
    static final String PREFIX = "tcpwhy-";
    /**
     * CLOCK_MONOTONIC, the clock of Java's System.nanoTime() on Linux: global across CPUs
     * (unlike {@code local}), and not stepped by NTP (unlike wall time).
     */
    static final String CLOCK = "mono";

    /**
     * Ring buffer per CPU: a busy workload (thousands of connections, ~8 events each) outruns
     * the kernel's default 1408 KB between two reads; 8 MB holds seconds of it.
     */
    static final int BUFFER_KB_PER_CPU = 8192;

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path dir;
    private final List<KernelEventType> events;
    private InputStream pipe;
    private boolean removed;

    private TracingInstance(Path dir, List<KernelEventType> events) {
        this.dir = dir;
        this.events = events;
    }

    /**
     * Creates the instance under {@code root}, sets its clock, filters and enables
     * {@code events} there (filtered to {@code ports} when not empty) and opens its trace_pipe.
     */
    static TracingInstance create(Path root, List<KernelEventType> events, Set<Integer> ports)
            throws KernelUnavailableException {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            throw new KernelUnavailableException("kernel events need Linux tracefs; this is "
                    + System.getProperty("os.name") + ": going on without kernel data");
        }
        Path instances = root.resolve("instances");
        if (!Files.isDirectory(instances)) {
            throw new KernelUnavailableException("tracefs is not mounted at " + root
                    + " (no instances/ folder): as root run 'mount -t tracefs nodev " + root + "'");
        }
        for (KernelEventType t : events) {
            if (!Files.isDirectory(root.resolve("events").resolve(t.system()).resolve(t.wire()))) {
                throw new KernelUnavailableException("this kernel has no tracepoint " + t.system() + ":" + t.wire()
                        + " (" + root.resolve("events").resolve(t.system()) + "): it needs Linux 5.x or later with"
                        + " CONFIG_FTRACE, see docs/kernel.md");
            }
        }
        removeStale(instances);
        Path dir = instances.resolve(PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
        try {
            Files.createDirectory(dir);
        } catch (AccessDeniedException e) {
            throw new KernelUnavailableException("no permission to create a tracing instance in " + instances
                    + ": run as root (or with CAP_SYS_ADMIN)", e);
        } catch (IOException e) {
            throw new KernelUnavailableException("cannot create tracing instance " + dir + ": " + e.getMessage()
                    + " (run as root with tracefs mounted read-write)", e);
        }
        TracingInstance instance = new TracingInstance(dir, events);
        try {
            instance.write("trace_clock", CLOCK);
            instance.write("buffer_size_kb", Integer.toString(BUFFER_KB_PER_CPU));
            String filter = ports.stream().sorted().map(p -> "sport == " + p + " || dport == " + p)
                    .collect(Collectors.joining(" || "));
            for (KernelEventType t : events) {
                Path eventDir = dir.resolve("events").resolve(t.system()).resolve(t.wire());
                if (!filter.isEmpty() && t.hasPortFields()) {
                    instance.write(eventDir.resolve("filter"), filter);
                }
                instance.write(eventDir.resolve("enable"), "1");
            }
            instance.pipe = Files.newInputStream(dir.resolve("trace_pipe"));
            return instance;
        } catch (IOException e) {
            instance.close();
            throw new KernelUnavailableException("cannot set up tracing instance " + dir + ": " + e.getMessage()
                    + " (run as root)", e);
        }
    }

    Path dir() {
        return dir;
    }

    InputStream pipe() {
        return pipe;
    }

    /** Writes {@code text} to the instance's trace_marker: it appears in trace_pipe as tracing_mark_write. */
    void mark(String text) throws IOException {
        write("trace_marker", text);
    }

    private void write(String file, String text) throws IOException {
        write(dir.resolve(file), text);
    }

    private void write(Path file, String text) throws IOException {
        Files.write(file, (text + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Turns the events off, closes the pipe and removes the instance. Idempotent. */
    @Override
    public synchronized void close() {
        if (removed) {
            return;
        }
        removed = true;
        for (KernelEventType t : events) {
            try {
                write(dir.resolve("events").resolve(t.system()).resolve(t.wire()).resolve("enable"), "0");
            } catch (IOException e) {
                // The rmdir below removes the events with the instance anyway.
            }
        }
        if (pipe != null) {
            try {
                pipe.close();
            } catch (IOException e) {
                // Closing a read-only pipe loses nothing.
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Reported by removed(): the caller says so in one line.
        }
    }

    /** Whether the instance's folder is gone. */
    boolean isRemoved() {
        return removed && !Files.exists(dir);
    }

    /**
     * Removes instances a killed tcpwhy left behind: named {@value #PREFIX}PID-N whose PID is
     * not running. Anyone else's instances are never touched.
     */
    private static void removeStale(Path instances) {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(instances, PREFIX + "*")) {
            for (Path p : all) {
                String[] parts = p.getFileName().toString().substring(PREFIX.length()).split("-");
                if (parts.length == 2 && parts[0].matches("\\d{1,10}") && parts[1].matches("\\d{1,10}")
                        && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // Still busy or not ours to remove: leave it.
                    }
                }
            }
        } catch (IOException e) {
            // Nothing listed, nothing to clean.
        }
    }
}
