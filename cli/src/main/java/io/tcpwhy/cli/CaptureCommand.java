package io.tcpwhy.cli;

import io.tcpwhy.FrameAnalysis;
import io.tcpwhy.capture.CaptureOptions;
import io.tcpwhy.capture.CaptureStatistics;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCapture;
import io.tcpwhy.capture.PacketListener;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.report.ReportFormat;
import io.tcpwhy.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tcpwhy capture}: records one TCP port live until Ctrl-C, a duration or a frame
 * count, and explains each connection as it ends (as the tracker finishes it, which is
 * when Zeek would: a few seconds of capture time after its close); the connections still
 * open are explained when the capture stops.
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Capture one TCP port live with libpcap (loopback by default), explain each connection as it "
                + "ends, optionally write a pcap file; stops on Ctrl-C, after --duration or after --count frames, "
                + "and reports drops.")
final class CaptureCommand implements Callable<Integer> {

    /** How long the shutdown hook lets the capture finish its file on Ctrl-C. */
    private static final long SHUTDOWN_GRACE_SECONDS = 5;
    /** Until the capture says which precision libpcap granted, timestamps are taken as microseconds. */
    private static final int MICROSECOND_DIGITS = 6;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", defaultValue = CaptureOptions.LOOPBACK,
            description = "Interface to capture on (default: ${DEFAULT-VALUE}).")
    String interfaceName;

    @Option(names = "--port", required = true, paramLabel = "N", description = "The TCP port to capture (either direction).")
    int port;

    @Option(names = {"-w", "--write"}, paramLabel = "OUT", description = "Write the frames to this classic pcap file.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            converter = CommonOptions.FormatConverter.class, completionCandidates = CommonOptions.FormatNames.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @ArgGroup(exclusive = true)
    Limit limit;

    static final class Limit {
        @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
        Double seconds;

        @Option(names = "--count", paramLabel = "N", description = "Stop after N frames.")
        Long frames;
    }

    @Option(names = "--kernel", description = "Add this host's kernel's own word to each verdict: RST reasons, errnos,"
            + " socket states and owning processes from Linux tracepoints (root, tracefs; docs/kernel.md).")
    boolean kernel;

    /** Hears each frame as well as the analysis does (tests watch the capture through it). */
    PacketListener frameListener = PacketListener.NONE;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 0xFFFF) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " out of range (expected 1-65535)");
        }
        if (limit != null && limit.seconds != null && !(limit.seconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--duration " + limit.seconds + " (expected more than 0 seconds)");
        }
        if (limit != null && limit.frames != null && limit.frames < 1) {
            throw new ParameterException(spec.commandLine(), "--count " + limit.frames + " (expected 1 or more)");
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        long maxFrames = limit != null && limit.frames != null ? limit.frames : Long.MAX_VALUE;
        KernelHook kernelHook = kernel ? KernelHook.start(port, err) : null;
        ReportWriter report = kernelHook == null ? format.openLive(out) : kernelHook.wrap(format.openLive(out), format, out, err);
        String source = interfaceName + " tcp port " + port;
        report.startInput(source);
        // Fed on the capture's reader thread only; read on this thread after stop() joined it.
        FrameAnalysis analysis = new FrameAnalysis(1, report::connection);
        AtomicReference<LiveCapture> started = new AtomicReference<>();
        PacketListener listener = packet -> {
            frameListener.packet(packet);
            LiveCapture c = started.get();
            analysis.frame(packet.frame(), packet.epochNanos(), c == null ? MICROSECOND_DIGITS : c.timestampDigits(),
                    packet.linkType(), ByteBuffer.wrap(packet.data()), 0, packet.data().length);
            if (packet.frame() >= maxFrames) {
                stopRequested.countDown();
            }
        };
        CaptureOptions options = new CaptureOptions(interfaceName, CaptureOptions.tcpPortFilter(port),
                CaptureOptions.FULL_SNAP_LENGTH, output);
        LiveCapture capture;
        try {
            capture = LiveCapture.start(options, listener);
        } catch (CaptureUnavailableException e) {
            report.close();
            if (kernelHook != null) {
                kernelHook.stop();
            }
            err.println("tcpwhy: " + e.getMessage());
            return ExitStatus.CAPTURE_UNAVAILABLE;
        }
        started.set(capture);
        // Ctrl-C: the hook asks for the stop and holds the JVM until the file is closed.
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tcpwhy-capture-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("capturing tcp port " + port + " on " + capture.interfaceName()
                + (output == null ? "" : ", writing " + output) + "; Ctrl-C to stop");
        err.flush();
        try {
            if (limit != null && limit.seconds != null) {
                stopRequested.await(Math.round(limit.seconds * 1000), TimeUnit.MILLISECONDS);
            } else {
                stopRequested.await();
            }
            CaptureStatistics stats = capture.stop();
            if (kernelHook != null) {
                kernelHook.stop();
            }
            analysis.finish();
            report.endInput(new InputReport(source, "live", analysis.linkTypeNames(), analysis.frames(),
                    analysis.tcpFrames(), analysis.nonTcp(), analysis.malformed(), analysis.truncated(), true, null));
            report.finish();
            out.println(stats.describe());
            out.flush();
            return ExitStatus.OK;
        } catch (CaptureUnavailableException e) {
            err.println("tcpwhy: " + e.getMessage());
            return ExitStatus.CAPTURE_UNAVAILABLE;
        } finally {
            report.close();
            if (kernelHook != null) {
                kernelHook.stop();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it returns as soon as it sees 'finished'.
            }
        }
    }
}
