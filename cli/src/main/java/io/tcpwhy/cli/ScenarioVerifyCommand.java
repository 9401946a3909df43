package io.tcpwhy.cli;

import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.kernel.KernelCheck.Aspect;
import io.tcpwhy.kernel.KernelUnavailableException;
import io.tcpwhy.lab.KernelWorkload;
import io.tcpwhy.lab.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tcpwhy scenario verify [--connections N] [--seed S] [--out DIR]}: the kernel-verified
 * workload. Exit 0 when the analyzer explained every RST, state and errno the way the kernel
 * says, 1 when it did not (each disagreement listed), 4 when capture or kernel events are
 * impossible here.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Run a mixed loopback workload (every close style, random order) while capturing packets and"
                + " the kernel's own events, then report how often the analyzer explained RSTs, states and errors"
                + " the way the kernel says, listing each disagreement. Linux, root.")
final class ScenarioVerifyCommand implements Callable<Integer> {

    static final int DEFAULT_CONNECTIONS = 2000;

    @Spec
    CommandSpec spec;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "" + DEFAULT_CONNECTIONS,
            description = "Connections to play (default: ${DEFAULT-VALUE}; at most " + KernelWorkload.MAX_CONNECTIONS + ").")
    int connections;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the random order of close styles (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for verify.pcap and verify.kernel.json (default: the current folder).")
    Path out;

    @Override
    public Integer call() {
        if (connections < 1 || connections > KernelWorkload.MAX_CONNECTIONS) {
            throw new ParameterException(spec.commandLine(), "--connections " + connections
                    + " out of range (expected 1 to " + KernelWorkload.MAX_CONNECTIONS + ")");
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KernelWorkload.Result r;
        try {
            r = KernelWorkload.run(connections, seed, out);
        } catch (CaptureUnavailableException | KernelUnavailableException e) {
            err.println(Errors.PREFIX + e.getMessage());
            err.flush();
            return ExitStatus.CAPTURE_UNAVAILABLE;
        } catch (ScenarioException e) {
            err.println(Errors.PREFIX + "verify " + e.getMessage());
            err.flush();
            return ExitStatus.BAD_INPUT;
        } catch (IOException e) {
            err.println(Errors.PREFIX + "cannot write verify output in " + out + ": " + e.getMessage());
            err.flush();
            return ExitStatus.BAD_INPUT;
        }
        o.printf(Locale.ROOT, "verify: %d connections, seed %d, in %.1f s: %s%n", r.connections(), seed,
                r.elapsedMillis() / 1000.0, r.styles().entrySet().stream()
                        .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        o.println("  wire: " + out.resolve("verify.pcap") + ", " + r.capture().describe());
        o.println("  kernel: " + out.resolve("verify.kernel.json") + ", " + r.kernel().describe());
        o.println("  connections analyzed: " + r.checks().size());
        long compared = 0;
        long agreed = 0;
        for (Aspect a : Aspect.values()) {
            long c = r.compared(a);
            long g = r.agreed(a);
            compared += c;
            agreed += g;
            o.printf(Locale.ROOT, "  %-7s %d of %d as the kernel says (%s)%n", a.wire(), g, c, percent(g, c));
        }
        List<String> disagreements = r.disagreements();
        o.printf(Locale.ROOT, "agreement: %d of %d (%s)%n", agreed, compared + r.strayResets().size(),
                percent(agreed, compared + r.strayResets().size()));
        if (!r.scriptFailures().isEmpty()) {
            o.println("scripts that went otherwise than planned (" + r.scriptFailures().size() + "):");
            r.scriptFailures().forEach(f -> o.println("  " + f));
        }
        if (r.capture().hasDrops()) {
            o.println("note: the capture dropped frames, so some disagreements may be frames the wire copy lost,"
                    + " not the analyzer's inference");
        }
        if (!disagreements.isEmpty()) {
            // Kinds first: the same disagreement with endpoints and ports taken out, counted.
            Map<String, Long> kinds = disagreements.stream().collect(Collectors.groupingBy(
                    ScenarioVerifyCommand::kind, TreeMap::new, Collectors.counting()));
            o.println("disagreement kinds (" + kinds.size() + "):");
            kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(k -> o.printf(Locale.ROOT, "  %6d  %s%n", k.getValue(), k.getKey()));
            o.println("disagreements (" + disagreements.size() + "):");
            disagreements.forEach(d -> o.println("  " + d));
        }
        o.flush();
        return disagreements.isEmpty() ? ExitStatus.OK : ExitStatus.FAIL_ON_MATCHED;
    }

    /** A disagreement without its connection id and endpoints. */
    static String kind(String disagreement) {
        return disagreement.replaceFirst("^#\\d+ \\S+ -> \\S+ ", "")
                .replaceAll("\\[?[0-9a-f.:]+\\]?:\\d+", "ADDR:PORT");
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "nothing compared" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }
}
