package io.tcpwhy.cli;

import java.io.BufferedOutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tcpwhy}: why did my read return EOF, or "connection reset by peer", or my write "broken pipe"? */
@Command(name = "tcpwhy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Explains why TCP connections ended the way they did: EOF, connection reset, broken pipe, refused, timed out.",
        subcommands = {AnalyzeCommand.class, ExplainCommand.class, CaptureCommand.class, ScenarioCommand.class,
            BenchCommand.class, CompletionCommand.class, ReplayCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Standard output's buffer: a report written as bytes reaches the file in blocks this large. */
    private static final int STDOUT_BUFFER_BYTES = 1 << 16;

    public static void main(String[] args) {
        StandardOutput stdout = StandardOutput.ofProcess();
        PrintWriter out = new BytePrintWriter(new BufferedOutputStream(stdout, STDOUT_BUFFER_BYTES),
                Charset.defaultCharset(), true, stdout);
        System.exit(run(out, new PrintWriter(System.err, true), args));
    }

    /**
     * The root for a run that names its subcommand first: the same name and standard options as
     * {@link Main}, without the subcommands, so that only the one asked for is built. picocli
     * builds every subcommand's model by reflection when the root is made, which was most of
     * a small capture's start (issue 12); help, completion and the man pages use {@link Main}.
     */
    @Command(name = "tcpwhy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
    static final class OneSubcommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return ExitStatus.USAGE;
        }
    }

    /**
     * picocli system properties that switch off what tcpwhy never uses and a small capture's
     * start paid for (issue 12; the profile of {@code analyze samples/orderly_close.pcap}):
     * the lookup of Groovy's {@code Closure} class, which searched every jar of the class path
     * (about 20 ms), and the java.time and java.sql converters, registered by reflection
     * (about 20 ms; no option of tcpwhy has such a type). A value set with {@code -D} wins.
     */
    static final Map<String, String> PICOCLI_SETTINGS = Map.of(
            "picocli.disable.closures", "true",
            "picocli.converters.excludes", "java\\.(sql|time)\\..*");

    /** Runs tcpwhy with the given writers and returns the exit status; tests call this. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        for (Map.Entry<String, String> setting : PICOCLI_SETTINGS.entrySet()) {
            if (System.getProperty(setting.getKey()) == null) {
                System.setProperty(setting.getKey(), setting.getValue());
            }
        }
        CommandLine cl = commandLineFor(args);
        cl.setOut(out);
        cl.setErr(err);
        Errors errors = new Errors();
        cl.setExecutionExceptionHandler(errors);
        cl.setExitCodeExceptionMapper(errors);
        cl.setParameterExceptionHandler(errors);
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only Exceptions to the handler; Errors unwind to here, which frees
            // the analysis's memory and stack, so the line below can still be built.
            status = errors.handleResourceError(e, err, Errors.debugRequested(args));
        }
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitStatus.USAGE;
    }

    /**
     * No subcommand for {@code --version} alone; only the subcommand named first, when it is
     * one and not {@code completion} (which lists them all); else every subcommand, for help,
     * usage and picocli's "did you mean".
     */
    static CommandLine commandLineFor(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The version alone needs no subcommand: building all of them by reflection was
            // two thirds of 'tcpwhy --version' (0.64 s of CPU, against 0.29 s for analyzing a sample).
            return new CommandLine(new OneSubcommand());
        }
        if (args.length > 0) {
            for (Class<?> sub : Main.class.getAnnotation(Command.class).subcommands()) {
                String name = sub.getAnnotation(Command.class).name();
                if (name.equals(args[0]) && sub != CompletionCommand.class) {
                    readAnnotationsAside(sub);
                    CommandLine cl = new CommandLine(new OneSubcommand());
                    cl.addSubcommand(name, new CommandLine(sub));
                    return cl;
                }
            }
        }
        return new CommandLine(new Main());
    }

    /**
     * Reads, on a second thread, the annotations picocli is about to read for {@code sub}: its
     * fields', its mixins' fields' and {@link Object}'s methods' (picocli scans the whole class
     * hierarchy). The first reading of each annotation type makes its proxy class, a third of
     * a small capture's start on the main thread (issue 12), while the main thread builds the
     * root's model; whichever thread comes second finds the proxy made. analyze
     * samples/orderly_close.pcap, 2 x 20 runs alternating: 27-49 ms less wall time (median),
     * the same CPU.
     */
    private static void readAnnotationsAside(Class<?> sub) {
        Thread reader = new Thread(() -> {
            for (Field f : sub.getDeclaredFields()) {
                f.getDeclaredAnnotations();
                if (f.isAnnotationPresent(Mixin.class)) {
                    for (Field mixed : f.getType().getDeclaredFields()) {
                        mixed.getDeclaredAnnotations();
                    }
                }
            }
            for (Method m : Object.class.getDeclaredMethods()) {
                m.getDeclaredAnnotations();
            }
        }, "tcpwhy-annotations");
        reader.setDaemon(true);
        reader.start();
    }
}
