package io.tcpwhy.cli;

import io.tcpwhy.OpenConnection;
import io.tcpwhy.capture.AlertThresholds;
import io.tcpwhy.capture.CaptureOptions;
import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.DropNotice;
import io.tcpwhy.capture.FileRotation;
import io.tcpwhy.capture.LiveAlert;
import io.tcpwhy.capture.LiveClock;
import io.tcpwhy.capture.LiveListener;
import io.tcpwhy.capture.LiveSession;
import io.tcpwhy.capture.StillOpen;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.report.ReportFormat;
import io.tcpwhy.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tcpwhy capture}: captures live until Ctrl-C (or SIGTERM), a duration or a frame
 * count, and explains each connection within a second after it ends, whatever else is
 * open; warns while a connection leaks (CLOSE_WAIT held, SYN unanswered, half-open) and when
 * frames are lost; at the end lists and explains the connections still open. The capture
 * itself runs in {@link LiveSession}; this class turns options into its settings and its
 * events into lines.
 *
 * <p>Streams: stdout holds the report (with {@code --format json}/{@code jsonl} one
 * connection per line and nothing else); alerts, drops and progress go to stderr.
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Capture TCP live with libpcap (loopback by default), explain each connection as it ends, warn "
                + "about leaks while they last and about lost frames; optionally write pcap files. FILTER is a "
                + "tcpdump (pcap-filter) expression, e.g. 'tcp port 8081 and host 10.0.0.5'. Stops on Ctrl-C or "
                + "SIGTERM (exit 0 after the summary), after --duration or after --count frames.")
final class CaptureCommand implements Callable<Integer> {

    /** How long the shutdown hook lets the capture finish its file and summary on Ctrl-C or SIGTERM. */
    private static final long SHUTDOWN_GRACE_SECONDS = 30;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILTER",
            description = "A pcap-filter expression, as tcpdump takes it (several words are joined with spaces).")
    List<String> expression = new ArrayList<>();

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", defaultValue = CaptureOptions.LOOPBACK,
            description = "Interface to capture on, '" + CaptureOptions.ANY + "' for all (default: ${DEFAULT-VALUE}).")
    String interfaceName;

    @Option(names = "--port", paramLabel = "N", converter = CommonOptions.PortConverter.class,
            description = "Only this TCP port, either direction; repeat for several (ORed).")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST",
            description = "Only traffic to or from this host; repeat for several (ORed).")
    List<String> hosts = new ArrayList<>();

    @Option(names = {"-w", "--write"}, paramLabel = "OUT", description = "Write the frames, whole, to this classic pcap file.")
    Path output;

    @Option(names = "--rotate-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "With -w: start a new file before one passes SIZE bytes (suffix k, M or G: 1024-based). "
                    + "Files are then named OUT_000001.pcap, OUT_000002.pcap...")
    Long rotateBytes;

    @Option(names = "--rotate-seconds", paramLabel = "S", description = "With -w: start a new file every S seconds.")
    Long rotateSeconds;

    @Option(names = "--keep", paramLabel = "N", description = "With a rotation: keep only the newest N files.")
    Integer keep;

    @Option(names = "--snaplen", paramLabel = "BYTES",
            description = "Bytes kept per frame (default: whole frames with -w, headers only (" + CaptureOptions.HEADER_SNAP_LENGTH
                    + ") without).")
    Integer snapLength;

    @Option(names = "--buffer-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "The kernel capture buffer (suffix k, M or G; default: 64M).")
    Long bufferBytes;

    @Option(names = "--immediate", negatable = true, defaultValue = "false",
            description = "libpcap's immediate mode: each frame handed over at once instead of in blocks at most "
                    + "100 ms late (costs a wake-up per frame and, on Linux, a kernel ring of slots sized by --snaplen; "
                    + "default: off).")
    boolean immediate;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or jsonl (one connection per line as it ends: json is the same here), markdown "
                    + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--kernel", description = "Add this host's kernel's own word to each verdict: RST reasons, errnos,"
            + " socket states and owning processes from Linux tracepoints, for the --port ports (root, tracefs;"
            + " docs/kernel.md).")
    boolean kernel;

    @Option(names = "--problems", description = "Print only connections that are problems.")
    boolean problemsOnly;

    @Option(names = "--close-wait-alert", paramLabel = "S", defaultValue = "5",
            description = "Warn when a side holds CLOSE_WAIT this many seconds, and again as it doubles (default: ${DEFAULT-VALUE}).")
    double closeWaitAlert;

    @Option(names = "--syn-alert", paramLabel = "S", defaultValue = "3",
            description = "Warn when a SYN has no answer this many seconds (default: ${DEFAULT-VALUE}).")
    double synAlert;

    @Option(names = "--half-open-alert", paramLabel = "S", defaultValue = "10",
            description = "Warn when a handshake stays half-open (SYN-ACK sent, no ACK) this many seconds (default: ${DEFAULT-VALUE}).")
    double halfOpenAlert;

    @ArgGroup(exclusive = true)
    Limit limit;

    static final class Limit {
        @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
        Double seconds;

        @Option(names = "--count", paramLabel = "N", description = "Stop after N frames.")
        Long frames;
    }

    /** The clock the analysis runs on; tests inject their own. */
    LiveClock clock = LiveClock.SYSTEM;

    /** The status the shutdown hook ends the JVM with after Ctrl-C or SIGTERM. */
    private volatile int hookStatus = ExitStatus.OK;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CaptureOptions options = options();
        FileRotation rotation = rotation();
        LiveSession.Settings settings = settings();
        boolean jsonLines = format.equals("json") || format.equals("jsonl");
        KernelHook kernelHook = kernel ? KernelHook.start(Set.copyOf(ports), err) : null;
        JsonLinesReport lines = jsonLines ? new JsonLinesReport(out) : null;
        ReportWriter report = jsonLines ? lines : reportFormat().openLive(out);
        if (kernelHook != null && format.equals("jsonl")) {
            err.println(Errors.PREFIX + "--kernel: jsonl lines have no kernel section; use --format text or json to"
                    + " see the kernel's word");
        } else if (kernelHook != null) {
            // With the kernel's word, --format json is one document at the end (docs/kernel.md).
            report = kernelHook.wrap(report, format.equals("json") ? ReportFormat.JSON : reportFormat(), out, err);
        }
        ReportWriter shownTo = report;
        String source = options.interfaceName() + " " + options.filter();
        report.startInput(source);
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Consumer<ConnectionReport> shown = problemsOnly ? r -> {
            if (r.isProblem()) {
                shownTo.connection(r);
            }
        } : shownTo::connection;
        // JSON lines are pushed out once the analysis catches up (text flushes each verdict itself).
        Events events = new Events(shown, lines == null ? () -> { } : lines::flush, err, stopRequested);
        LiveSession session;
        try {
            session = LiveSession.start(options, rotation, settings, events);
        } catch (CaptureUnavailableException e) {
            if (kernelHook != null) {
                kernelHook.stop();
            }
            report.close();
            err.println("tcpwhy: " + e.getMessage());
            return ExitStatus.CAPTURE_UNAVAILABLE;
        }
        Thread hook = signalHook(stopRequested, finished);
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("capturing '" + options.filter() + "' on " + session.interfaceName()
                + (output == null ? "" : ", writing " + output) + "; Ctrl-C to stop");
        err.flush();
        // Until the end is reached, an exception on its way out is a bug: after Ctrl-C the hook
        // ended the JVM with 0 under the 'internal error' line.
        int status = ExitStatus.SOFTWARE;
        CaptureUnavailableException failure = null;
        try {
            if (limit != null && limit.seconds != null) {
                stopRequested.await(Math.round(limit.seconds * 1000), TimeUnit.MILLISECONDS);
            } else {
                stopRequested.await();
            }
            CaptureStatistics stats;
            try {
                stats = session.stop();
            } catch (CaptureUnavailableException e) {
                // The file or libpcap failed part-way: what was captured until then is explained
                // and summed up as usual, then the one line says what failed.
                failure = e;
                stats = session.statisticsSoFar();
            }
            if (kernelHook != null) {
                kernelHook.stop();
            }
            if (stats != null) {
                report.endInput(session.inputReport(source));
                report.finish();
                PrintWriter statsTo = jsonLines ? err : out;
                statsTo.println(stats.describe());
                statsTo.flush();
            }
            status = ExitStatus.OK;
        } finally {
            if (kernelHook != null) {
                kernelHook.stop();
            }
            report.close();
            out.flush();
            if (failure != null) {
                // After the whole report, as analyze does with a damaged file.
                err.println("tcpwhy: " + failure.getMessage());
                status = ExitStatus.CAPTURE_UNAVAILABLE;
            }
            err.flush();
            hookStatus = status;
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it ends the JVM with this status as soon as it sees 'finished'.
            }
        }
        return status;
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM start the JVM's shutdown; this hook turns that into the normal
     * end of the capture: it asks for the stop, waits until the summary is out and the file is
     * closed, then ends the JVM with the command's own status. Without the halt the JVM would
     * exit 130 or 143, which scripts read as a failure although the capture ended as asked.
     */
    private Thread signalHook(CountDownLatch stopRequested, CountDownLatch finished) {
        return new Thread(() -> {
            stopRequested.countDown();
            try {
                if (finished.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(hookStatus);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tcpwhy-capture-shutdown");
    }

    private CaptureOptions options() {
        if (limit != null && limit.seconds != null && !(limit.seconds > 0)) {
            throw usage("--duration " + limit.seconds + " (expected more than 0 seconds)");
        }
        if (limit != null && limit.frames != null && limit.frames < 1) {
            throw usage("--count " + limit.frames + " (expected 1 or more)");
        }
        for (int p : ports) {
            if (p < 1) {
                throw usage("--port " + p + " out of range (expected 1-65535)");
            }
        }
        int snap = snapLength != null ? snapLength
                : output != null ? CaptureOptions.FULL_SNAP_LENGTH : CaptureOptions.HEADER_SNAP_LENGTH;
        long buffer = bufferBytes != null ? bufferBytes : CaptureOptions.DEFAULT_BUFFER_BYTES;
        try {
            if (buffer > Integer.MAX_VALUE) {
                // Past an int is past the range: the same words as CaptureOptions', not 'integer overflow'.
                throw new IllegalArgumentException("buffer size " + buffer + " bytes out of range (expected "
                        + CaptureOptions.MIN_BUFFER_BYTES + " to " + CaptureOptions.MAX_BUFFER_BYTES + ")");
            }
            return new CaptureOptions(interfaceName, filter(), snap, output, (int) buffer, immediate);
        } catch (IllegalArgumentException e) {
            throw usage(snapLength != null && e.getMessage() != null && e.getMessage().startsWith("snap")
                    ? "--snaplen: " + e.getMessage() : "--buffer-size: " + e.getMessage());
        }
    }

    /** {@code tcp}, the ports ORed, the hosts ORed and the expression, ANDed, as tcpdump would take them. */
    String filter() {
        List<String> parts = new ArrayList<>();
        parts.add("tcp");
        if (!ports.isEmpty()) {
            parts.add(group(ports.stream().map(p -> "port " + p).toList()));
        }
        if (!hosts.isEmpty()) {
            for (String h : hosts) {
                if (h.isBlank() || !h.matches("[0-9A-Za-z.:_-]+")) {
                    throw usage("--host '" + h + "' (expected an address or a host name)");
                }
            }
            parts.add(group(hosts.stream().map(h -> "host " + h).toList()));
        }
        String expr = String.join(" ", expression).strip();
        if (!expr.isEmpty()) {
            parts.add("(" + expr + ")");
        }
        return String.join(" and ", parts);
    }

    private static String group(List<String> alternatives) {
        return alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" or ", alternatives) + ")";
    }

    private FileRotation rotation() {
        boolean any = rotateBytes != null || rotateSeconds != null || keep != null;
        if (any && output == null) {
            throw usage("--rotate-size, --rotate-seconds and --keep need -w OUT");
        }
        if (rotateSeconds != null && rotateSeconds < 1) {
            throw usage("--rotate-seconds " + rotateSeconds + " (expected 1 or more)");
        }
        if (keep != null && keep < 1) {
            throw usage("--keep " + keep + " (expected 1 or more)");
        }
        try {
            return new FileRotation(rotateBytes == null ? 0 : rotateBytes, rotateSeconds == null ? 0 : rotateSeconds,
                    keep == null ? 0 : keep);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private LiveSession.Settings settings() {
        AlertThresholds alerts = new AlertThresholds(seconds("--close-wait-alert", closeWaitAlert),
                seconds("--syn-alert", synAlert), seconds("--half-open-alert", halfOpenAlert));
        long maxFrames = limit != null && limit.frames != null ? limit.frames : Long.MAX_VALUE;
        return new LiveSession.Settings(alerts, maxFrames, clock);
    }

    private Duration seconds(String option, double s) {
        if (!(s > 0) || s > Duration.ofDays(365).toSeconds()) {
            throw usage(option + " " + s + " (expected more than 0 seconds, at most a year)");
        }
        return Duration.ofNanos(Math.round(s * NANOS_PER_SECOND));
    }

    private ReportFormat reportFormat() {
        try {
            return ReportFormat.fromWire(format);
        } catch (IllegalArgumentException e) {
            throw usage("--format " + format + " (expected one of: text, json, jsonl, markdown)");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The session's events as lines: verdicts to the report, alerts, drops and what is still open to stderr. */
    static final class Events implements LiveListener {
        /** Said of a connection still open that lost frames: it may have ended in frames the capture never saw. */
        static final String STALE_AFTER_LOSS = "; unsure: frames were lost while it was open, it may have ended unseen";

        private final Consumer<ConnectionReport> report;
        private final Runnable flush;
        private final PrintWriter err;
        private final CountDownLatch stopRequested;

        Events(Consumer<ConnectionReport> report, Runnable flush, PrintWriter err, CountDownLatch stopRequested) {
            this.report = report;
            this.flush = flush;
            this.err = err;
            this.stopRequested = stopRequested;
        }

        @Override
        public void connection(ConnectionReport r) {
            report.accept(r);
        }

        @Override
        public void caughtUp() {
            flush.run();
        }

        @Override
        public void alert(LiveAlert alert) {
            err.println("tcpwhy: ALERT #" + alert.connectionId() + " " + alert.message());
            err.flush();
        }

        @Override
        public void dropped(DropNotice notice) {
            err.println("tcpwhy: " + notice.describe());
            err.flush();
        }

        @Override
        public void stillOpen(List<StillOpen> open, long nowNanos) {
            if (open.isEmpty()) {
                return;
            }
            err.println("still open at the end (" + open.size() + "):");
            for (StillOpen o : open) {
                OpenConnection c = o.connection();
                err.println(String.format(Locale.ROOT, "  #%d %s -> %s  client %s for %s, server %s for %s (open %s)%s",
                        c.id(), c.client(), c.server(), c.clientState().wire(), since(nowNanos, c.clientStateSinceNanos()),
                        c.serverState().wire(), since(nowNanos, c.serverStateSinceNanos()), since(nowNanos, c.startNanos()),
                        o.framesLost() ? STALE_AFTER_LOSS : ""));
            }
            err.flush();
        }

        @Override
        public void ended(String why) {
            stopRequested.countDown();
        }

        private static String since(long now, long then) {
            return String.format(Locale.ROOT, "%.1f s", Math.max(0, now - then) / 1e9);
        }
    }

    /** Byte sizes: a number with an optional k, M or G suffix (1024-based). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.strip();
            long unit = 1;
            char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            switch (Character.toLowerCase(last)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
            String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
            try {
                long n = Long.parseLong(digits);
                if (n < 1) {
                    throw new TypeConversionException("size '" + value + "' (expected 1 or more bytes)");
                }
                return Math.multiplyExact(n, unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is not a size (expected bytes, e.g. 65536, 64k, 100M, 1G)");
            }
        }
    }
}
