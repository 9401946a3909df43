package io.tcpwhy.cli;

import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.lab.KernelRecord;
import io.tcpwhy.lab.ObservedCall;
import io.tcpwhy.lab.ObservedConnection;
import io.tcpwhy.lab.ScenarioException;
import io.tcpwhy.lab.ScenarioInfo;
import io.tcpwhy.lab.ScenarioLab;
import io.tcpwhy.lab.ScenarioRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tcpwhy scenario list | run NAME... | run --all [--out DIR]}. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Run built-in reproductions of classic close/reset situations on loopback while capturing them.",
        subcommands = {ScenarioCommand.ListCommand.class, ScenarioCommand.RunCommand.class,
                ScenarioVerifyCommand.class})
final class ScenarioCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitStatus.USAGE;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios and what each shows.")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<ScenarioInfo> all = ScenarioLab.scenarios();
            int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(0);
            int codeWidth = all.stream().mapToInt(s -> s.expectedDiagnosis().name().length()).max().orElse(0);
            for (ScenarioInfo s : all) {
                out.printf("%-" + width + "s  %-" + codeWidth + "s  %s%n", s.name(), s.expectedDiagnosis(),
                        s.description());
            }
            out.flush();
            return ExitStatus.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run scenarios, writing NAME.pcap and NAME.json for each into the output folder.")
    static final class RunCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection selection;

        static final class Selection {
            @Parameters(paramLabel = "NAME", arity = "1..*", description = "Scenarios to run (see 'scenario list').")
            List<String> names;

            @Option(names = "--all", required = true, description = "Run every scenario.")
            boolean all;
        }

        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
                description = "Folder for NAME.pcap and NAME.json (default: the current folder).")
        Path out;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> names = new ArrayList<>();
            if (selection.all) {
                ScenarioLab.scenarios().forEach(s -> names.add(s.name()));
            } else {
                for (String n : selection.names) {
                    if (ScenarioLab.find(n).isEmpty()) {
                        throw new ParameterException(spec.commandLine(), "no scenario '" + n
                                + "'; 'tcpwhy scenario list' names them");
                    }
                    names.add(n);
                }
            }
            for (String name : names) {
                try {
                    ScenarioRecord r = ScenarioLab.run(name, out);
                    print(o, r);
                } catch (CaptureUnavailableException e) {
                    err.println("tcpwhy: " + e.getMessage());
                    return ExitStatus.CAPTURE_UNAVAILABLE;
                } catch (ScenarioException e) {
                    err.println("tcpwhy: scenario " + e.getMessage());
                    return ExitStatus.BAD_INPUT;
                } catch (IOException e) {
                    err.println("tcpwhy: cannot write scenario output in " + out + ": " + e.getMessage());
                    return ExitStatus.BAD_INPUT;
                }
            }
            return ExitStatus.OK;
        }

        /** What NAME.kernel.json holds, in one line: its events, or why there are none. */
        private static String kernelLine(Path file) {
            try {
                KernelRecord k = KernelRecord.read(file);
                return k.available() ? "kernel: " + file + ", " + k.statistics().describe()
                        : "kernel: no events (" + k.unavailable() + ")";
            } catch (IOException | ScenarioException e) {
                return "kernel: " + file + " unreadable: " + e.getMessage();
            }
        }

        private void print(PrintWriter o, ScenarioRecord r) {
            o.println(r.scenario() + ": " + out.resolve(r.scenario() + ".pcap") + ", " + out.resolve(r.scenario() + ".json")
                    + " - expected diagnosis " + r.expectedDiagnosis());
            o.println("  " + r.capture().describe());
            o.println("  " + kernelLine(out.resolve(r.scenario() + ".kernel.json")));
            for (ObservedConnection c : r.connections()) {
                o.println("  " + c.client() + " -> " + c.server());
                for (ObservedCall call : c.observed()) {
                    o.printf("    %-6s %-7s %-12s %s%n", call.side().wire(), call.call().wire(), call.result(), call.detail());
                }
                c.framesAfterLocalClose().ifPresent(n -> o.println("    frames on the wire during calls after close: " + n));
            }
            o.flush();
        }
    }
}
