import io.tcpwhy.Analyzer;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.report.ReportFormat;
import io.tcpwhy.report.ReportOptions;
import io.tcpwhy.report.ReportWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON writers alone (issue 12): a capture's connection reports, analyzed once and held,
 * written again and again through {@code --format jsonl}, {@code json} and {@code json
 * --pretty} onto a stream that counts and drops the bytes. The first rounds build each
 * report's prose (memoized) and warm the JIT; the figure is the median of the later rounds,
 * in CPU time of this thread per connection and in MB/s. Run by json-writer-bench.sh.
 *
 * <p>Arguments: capture, warm-up rounds, measured rounds, and optionally the layouts to run,
 * comma-separated ({@code jsonl,json,json --pretty}, the default).
 */
public final class JsonWriterBench {

    private static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<String> layouts = args.length > 3 ? List.of(args[3].split(",")) : List.of("jsonl", "json", "json --pretty");
        List<ConnectionReport> reports = new ArrayList<>();
        InputReport input = new Analyzer().analyze(capture, 1, reports::add, io.tcpwhy.ProgressListener.NONE);
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String layout : layouts) {
            ReportFormat format = ReportFormat.fromWire(layout.split(" ")[0]);
            ReportOptions options = ReportOptions.DEFAULT.withPretty(layout.endsWith("pretty"));
            double[] nanosPerConnection = new double[rounds];
            long bytes = 0;
            for (int r = -warmup; r < rounds; r++) {
                Counting out = new Counting();
                long start = bean.getCurrentThreadCpuTime();
                try (ReportWriter w = format.open(out, StandardCharsets.UTF_8, options)) {
                    w.startInput(capture.toString());
                    for (ConnectionReport c : reports) {
                        w.connection(c);
                    }
                    w.endInput(input);
                    w.finish();
                }
                long cpu = bean.getCurrentThreadCpuTime() - start;
                if (r >= 0) {
                    nanosPerConnection[r] = (double) cpu / reports.size();
                    bytes = out.bytes;
                }
            }
            Arrays.sort(nanosPerConnection);
            double median = nanosPerConnection[rounds / 2];
            System.out.printf("%-14s %,d connections, %,d bytes: %.2f us/connection (%.2f-%.2f), %.0f MB/s%n",
                    layout, reports.size(), bytes, median / 1000, nanosPerConnection[0] / 1000,
                    nanosPerConnection[rounds - 1] / 1000, bytes / (median * reports.size()) * 1000);
        }
    }
}
