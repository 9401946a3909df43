import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two builds' JSON writers in one JVM, round by round (issue 12): each build's jar in a
 * class loader of its own, the capture analyzed by each, then rounds that write every held
 * connection through one build and then the other (the order swapped every round). On a
 * shared machine with heavy steal time, whole runs of one build and then the other differed
 * by more than the change measured (the same build 4.1 to 7.3 us per connection); the ratio
 * of two rounds taken a second apart holds far better (the same build against itself: median
 * 0.99). Prints each build's median and fastest round and the median ratio B/A.
 *
 * <p>The builds are reached through reflection (their classes are not this program's), one
 * reflective call per connection in both: the ratio, not the absolute figure, is the result.
 * Run by json-writer-bench.sh with PAIRED=1.
 *
 * <p>Arguments: capture, warm-up rounds, measured rounds, layout ({@code jsonl}, {@code json}
 * or {@code json --pretty}), build A's root, build B's root (each with cli/target/tcpwhy.jar).
 */
public final class JsonWriterPaired {

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

    /** One build: its classes, the reports its analyzer made, its writer's methods. */
    private static final class Build {
        final String root;
        final List<Object> reports = new ArrayList<>();
        final Object input;
        final Method fromWire;
        final Method withPretty;
        final Object defaultOptions;
        final Method open;
        final Method startInput;
        final Method connection;
        final Method endInput;
        final Method finish;
        final Method close;

        Build(String root, Path capture) throws Exception {
            this.root = root;
            URL jar = Path.of(root, "cli", "target", "tcpwhy.jar").toUri().toURL();
            ClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            Class<?> analyzer = loader.loadClass("io.tcpwhy.Analyzer");
            Class<?> progress = loader.loadClass("io.tcpwhy.ProgressListener");
            Consumer<Object> sink = reports::add;
            input = analyzer.getMethod("analyze", Path.class, int.class, Consumer.class, progress)
                    .invoke(analyzer.getConstructor().newInstance(), capture, 1, sink, progress.getField("NONE").get(null));
            Class<?> format = loader.loadClass("io.tcpwhy.report.ReportFormat");
            Class<?> options = loader.loadClass("io.tcpwhy.report.ReportOptions");
            fromWire = format.getMethod("fromWire", String.class);
            withPretty = options.getMethod("withPretty", boolean.class);
            defaultOptions = options.getField("DEFAULT").get(null);
            open = format.getMethod("open", OutputStream.class, Charset.class, options);
            Class<?> writer = loader.loadClass("io.tcpwhy.report.ReportWriter");
            startInput = writer.getMethod("startInput", String.class);
            connection = writer.getMethod("connection", loader.loadClass("io.tcpwhy.model.ConnectionReport"));
            endInput = writer.getMethod("endInput", loader.loadClass("io.tcpwhy.model.InputReport"));
            finish = writer.getMethod("finish");
            close = writer.getMethod("close");
        }

        /** Writes every report once; returns this thread's CPU nanoseconds per connection. */
        double round(ThreadMXBean bean, String layout, Path capture) throws Exception {
            Object format = fromWire.invoke(null, layout.split(" ")[0]);
            Object options = withPretty.invoke(defaultOptions, layout.endsWith("pretty"));
            Counting out = new Counting();
            long start = bean.getCurrentThreadCpuTime();
            Object w = open.invoke(format, out, StandardCharsets.UTF_8, options);
            try {
                startInput.invoke(w, capture.toString());
                for (Object c : reports) {
                    connection.invoke(w, c);
                }
                endInput.invoke(w, input);
                finish.invoke(w);
            } finally {
                close.invoke(w);
            }
            return (double) (bean.getCurrentThreadCpuTime() - start) / reports.size();
        }
    }

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String layout = args[3];
        Build[] builds = {new Build(args[4], capture), new Build(args[5], capture)};
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double[][] nanos = new double[2][rounds];
        double[] ratio = new double[rounds];
        for (int r = -warmup; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int b = (r & 1) == 0 ? k : 1 - k;
                double perConnection = builds[b].round(bean, layout, capture);
                if (r >= 0) {
                    nanos[b][r] = perConnection;
                }
            }
            if (r >= 0) {
                ratio[r] = nanos[1][r] / nanos[0][r];
            }
        }
        for (int b = 0; b < 2; b++) {
            double[] sorted = nanos[b].clone();
            Arrays.sort(sorted);
            System.out.printf("%s %s: %,d connections, %.2f us/connection median, %.2f fastest%n", b == 0 ? "A" : "B",
                    builds[b].root, builds[b].reports.size(), sorted[rounds / 2] / 1000, sorted[0] / 1000);
        }
        Arrays.sort(ratio);
        System.out.printf("%s: B/A per round, median %.3f (%.3f-%.3f, %d rounds)%n", layout, ratio[rounds / 2], ratio[0],
                ratio[rounds - 1], rounds);
    }
}
