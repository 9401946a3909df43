package io.tcpwhy.cli;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.bench.CloseStyle;
import io.tcpwhy.bench.SyntheticCapture;
import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.CaptureReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tcpwhy bench FILE}: how fast tcpwhy reads, decodes and analyzes a capture, each
 * stage measured on its own over several runs, and how much heap the analysis kept.
 * {@code --generate} first writes a synthetic capture of that many connections.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Measure frames/s of reading, decoding and full analysis of a capture.",
            "With --generate N, first write a synthetic capture of N connections to FILE (10 frames each when "
                + "orderly)."})
final class BenchCommand implements Callable<Integer> {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final long BYTES_PER_MIB = 1 << 20;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The capture to measure (written first with --generate).")
    Path file;

    @Option(names = "--generate", paramLabel = "N", description = "Write a synthetic capture of N connections to FILE first.")
    Integer generate;

    @Option(names = "--concurrency", paramLabel = "K", defaultValue = "1000",
            description = "With --generate: connections open at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--close-styles", paramLabel = "STYLE,...", defaultValue = "orderly",
            description = "With --generate: how the connections end, in turn: all, or some of "
                    + "orderly, reset, refused, unanswered, close-wait (default: ${DEFAULT-VALUE}).")
    String closeStyles;

    @Option(names = "--generate-only", description = "With --generate: write the capture and measure nothing.")
    boolean generateOnly;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "3",
            description = "Measured runs per stage, after one warm-up run (default: ${DEFAULT-VALUE}).")
    int runs;

    private final LongSupplier clock = System::nanoTime;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs " + runs + " (expected at least 1)");
        }
        if (generate != null) {
            List<CloseStyle> styles;
            try {
                styles = CloseStyle.parseList(closeStyles);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--close-styles: " + e.getMessage());
            }
            if (generate < 1 || concurrency < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--generate " + generate
                        + " --concurrency " + concurrency + " (expected both at least 1)");
            }
            long frames = SyntheticCapture.write(file, generate, concurrency, styles);
            out.printf(Locale.ROOT, "wrote %s: %d frames, %d connections, %d open at once, ending %s%n",
                    file, frames, generate, Math.min(concurrency, generate), closeStyles);
            out.flush();
            if (generateOnly) {
                return ExitStatus.OK;
            }
        } else if (generateOnly) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--generate-only needs --generate N (nothing to write otherwise)");
        }
        stage(out, "read", this::readOnly);
        stage(out, "read+decode", this::readAndDecode);
        stage(out, "analyze", this::analyze);
        out.printf(Locale.ROOT, "(read is the ceiling: analyze reads, decodes, tracks and diagnoses)%n");
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "heap: %d MiB max, %d MiB in use after the runs%n",
                rt.maxMemory() / BYTES_PER_MIB, (rt.totalMemory() - rt.freeMemory()) / BYTES_PER_MIB);
        return ExitStatus.OK;
    }

    /** One stage: returns the number of frames it went through. */
    @FunctionalInterface
    private interface Stage {
        long run() throws IOException;
    }

    private void stage(PrintWriter out, String name, Stage stage) throws IOException {
        stage.run(); // warm-up: class loading and JIT compilation are not what we measure
        double best = 0;
        double sum = 0;
        long frames = 0;
        for (int i = 0; i < runs; i++) {
            long start = clock.getAsLong();
            frames = stage.run();
            double rate = frames / ((clock.getAsLong() - start) / NANOS_PER_SECOND);
            best = Math.max(best, rate);
            sum += rate;
        }
        out.printf(Locale.ROOT, "%-12s %,12d frames  mean %,12.0f frames/s  best %,12.0f frames/s  (%d runs)%n",
                name, frames, sum / runs, best, runs);
        out.flush();
    }

    private long readOnly() throws IOException {
        long frames = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next()) {
                frames++;
            }
        }
        return frames;
    }

    private long readAndDecode() throws IOException {
        PacketDecoder decoder = new PacketDecoder();
        long frames = 0;
        long tcp = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next()) {
                frames++;
                DecodeResult d = decoder.decode(r.frameNumber(), r.timestampNanos(), r.linkType(), r.buffer(),
                        r.dataOffset(), r.capturedLength());
                if (d instanceof TcpSegment) {
                    tcp++;
                }
            }
        }
        if (tcp == 0 && frames > 0) {
            spec.commandLine().getErr().println("tcpwhy: note: " + file + " holds no TCP frames");
        }
        return frames;
    }

    private long analyze() throws IOException {
        long[] connections = {0};
        InputReport in = new Analyzer().analyze(file, 1, r -> connections[0]++, ProgressListener.NONE);
        return in.frames();
    }
}
