package io.tcpwhy.cli;

import io.tcpwhy.Analyzer;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.AnnotatedCapture;
import io.tcpwhy.report.FrameComments;
import io.tcpwhy.report.ReportFilter;
import io.tcpwhy.report.ReportFormat;
import io.tcpwhy.report.ReportOptions;
import io.tcpwhy.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tcpwhy analyze FILE...}: explains every TCP connection in the files, one report,
 * connection ids continuing across files. A directory stands for the captures in it
 * (by name); {@code -} reads a capture from standard input ({@code tcpdump -w - | tcpwhy
 * analyze -}); {@code -r FILE} is taken as tcpdump and tshark take it. Files are analyzed
 * two at a time on worker threads ({@link ParallelInputs}), reported in the order given.
 *
 * <p>A file that cannot be read, or is not a capture, does not stop the others: it gets an
 * {@code input} entry with {@code error} set, and after the report one line on stderr
 * says what and where; the exit status is then 3. A file damaged part-way keeps everything
 * read before the damage, the same way.
 */
@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Explain every TCP connection in pcap / pcapng files (.gz too).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:done, and --fail-on matched",
            "2:usage error",
            "3:a file unreadable, not a capture, or damaged (everything read is still reported)",
            "5:out of memory or stack (one line; see docs/bad-input.md)",
            "70:a bug in tcpwhy (the line says internal error; --debug for the stack trace)",
            "141:standard output was closed by its reader (| head): stopped at once, silently",
            "74:the report (standard output, e.g. a full disk) or the --annotate file could not be written"})
final class AnalyzeCommand implements Callable<Integer> {

    /** The name of standard input on the command line, as tcpdump and tshark spell it. */
    static final String STDIN = "-";
    /** Inputs analyzed at once: the machine's cores, at most two (one more core writes). */
    private static final int MAX_WORKERS = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Capture files, or directories of them, read in turn; - for standard input.")
    List<Path> files = new ArrayList<>();

    @Option(names = "-r", paramLabel = "FILE", description = "A capture file, as tcpdump and tshark take it (repeatable).")
    List<Path> readFiles = new ArrayList<>();

    @Option(names = "--problems", description = "Only connections that did not end in an orderly way; "
            + "in text, one story per diagnosis and server, the alike ones counted.")
    boolean problemsOnly;

    @Option(names = "--summary", description = "Text: only the summary (counts by diagnosis, server and side).")
    boolean summaryOnly;

    @Option(names = "--pretty", description = "JSON: indented, one value per line (compact by default).")
    boolean pretty;

    @Option(names = "--fail-on", paramLabel = "problems|CODE,...", converter = FailOn.Converter.class,
            description = "Exit with status 1 when a reported connection matches: 'problems', or diagnosis / "
                    + "annotation codes, e.g. RST_UNREAD_DATA,ZERO_WINDOW.")
    FailOn failOn;

    @Option(names = "--annotate", paramLabel = "OUT.pcapng", description = "Also write the capture back as pcapng"
            + " with the findings as packet comments on the frames they cite (Wireshark: frame.comment). One FILE only.")
    Path annotate;

    private final Analyzer analyzer = new Analyzer();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ParallelInputs.Input> inputs = inputs();
        if (annotate != null && (inputs.size() != 1 || inputs.get(0).file() == null)) {
            err.println(Errors.PREFIX + "--annotate takes one capture file, got " + (inputs.size() == 1 ? "standard"
                    + " input" : inputs.size() + " inputs") + " (see 'tcpwhy analyze --help')");
            return ExitStatus.USAGE;
        }
        FrameComments comments = annotate != null ? new FrameComments(false) : null;
        InputReport[] annotated = {null};
        ReportFilter filter = common.filter(problemsOnly);
        // Standard input may be a live tcpdump: each connection is flushed as it ends, not when a buffer fills.
        ReportOptions options = reportOptions().withFlushEach(inputs.stream().anyMatch(i -> i.file() == null));
        ProgressLine progress = Terminal.stderrIsTerminal() ? new ProgressLine(out, err, System::nanoTime) : null;
        List<String> errors = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();
        boolean[] matched = {false};
        int workers = Math.max(1, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
        try (ReportWriter report = openReport(out, options);
             ParallelInputs parallel = new ParallelInputs(analyzer, filter, System.in, workers)) {
            checkOutput(out);
            parallel.run(inputs, new ParallelInputs.Listener() {
                @Override
                public void start(ParallelInputs.Input input) {
                    report.startInput(input.name());
                }

                @Override
                public void connection(ConnectionReport c) {
                    matched[0] |= failOn != null && failOn.matches(c);
                    report.connection(c);
                    if (comments != null) {
                        comments.add(c);
                    }
                    checkOutput(out);
                }

                @Override
                public void evicted(ParallelInputs.Input input, long reports, int cap) {
                    notices.add(evictionLine(input.name(), reports, cap));
                }

                @Override
                public void end(ParallelInputs.Input input, InputReport in, IOException failure) {
                    if (failure != null) {
                        causes.add(failure);
                    }
                    report.endInput(in);
                    annotated[0] = in;
                    if (!in.complete()) {
                        errors.add(errorLine(input.name(), in.error()));
                    }
                }
            }, progress);
            report.finish();
            checkOutput(out);
        } catch (OutputFailed e) {
            if (progress != null) {
                progress.clear();
            }
            if (StandardOutput.isClosedPipe(e.failure)) {
                return ExitStatus.OUTPUT_CLOSED;
            }
            err.println(Errors.PREFIX + "cannot write the report to standard output: " + e.failure.getMessage());
            if (common.debug) {
                e.failure.printStackTrace(err);
            }
            err.flush();
            return ExitStatus.OUTPUT_FAILED;
        }
        int annotateStatus = ExitStatus.OK;
        if (comments != null && annotated[0] != null && annotated[0].format() != null) {
            annotateStatus = writeAnnotated(inputs.get(0).file(), comments, err);
        }
        // After the report, so that the error is the last thing a person sees.
        for (String line : notices) {
            err.println(Errors.PREFIX + line);
        }
        for (String line : errors) {
            err.println(Errors.PREFIX + line);
        }
        if (common.debug) {
            causes.forEach(e -> e.printStackTrace(err));
        }
        err.flush();
        if (!errors.isEmpty()) {
            return ExitStatus.BAD_INPUT;
        }
        if (annotateStatus != ExitStatus.OK) {
            return annotateStatus;
        }
        return matched[0] ? ExitStatus.FAIL_ON_MATCHED : ExitStatus.OK;
    }

    /**
     * Stops the run when standard output failed: its reader went away or the disk is full.
     * Writes beneath it are swallowed (see {@link StandardOutput}), so without this the whole
     * capture would be analyzed for nobody, and a truncated report would end with status 0.
     */
    private static void checkOutput(PrintWriter out) {
        if (out instanceof BytePrintWriter stdout && stdout.sinkFailure() != null) {
            throw new OutputFailed(stdout.sinkFailure());
        }
    }

    /** Unwinds the run from the writer's callbacks when standard output failed. */
    private static final class OutputFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient IOException failure;

        OutputFailed(IOException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /**
     * On standard output the report writes bytes beneath the command's writer: on a big
     * capture the writer's char buffer and encoder cost a tenth of the JSON output's CPU.
     */
    private ReportWriter openReport(PrintWriter out, ReportOptions options) {
        if (out instanceof BytePrintWriter stdout) {
            return common.format.open(stdout.bytes(), stdout.charset(), options);
        }
        return common.format.open(out, options);
    }

    /** The annotated copy, after the report; its status line goes to stderr so stdout stays one document. */
    private int writeAnnotated(Path file, FrameComments comments, PrintWriter err) {
        try {
            AnnotatedCapture.Result r = AnnotatedCapture.write(file, annotate, comments);
            err.println("tcpwhy analyze: wrote " + r.frames() + " frames with " + r.comments() + " comments to "
                    + annotate + (r.uncommentableFrames() > 0 ? " (" + r.uncommentableFrames()
                    + " commented frames are Simple Packet Blocks, which cannot carry comments)" : "")
                    + (r.damage() != null ? " (up to the damage)" : ""));
            return ExitStatus.OK;
        } catch (IOException e) {
            err.println(Errors.PREFIX + "--annotate " + annotate + ": " + Errors.describe(e));
            return ExitStatus.OUTPUT_FAILED;
        }
    }

    private ReportOptions reportOptions() {
        if (summaryOnly && common.format != ReportFormat.TEXT) {
            throw new ParameterException(spec.commandLine(), "--summary prints text (got --format "
                    + common.format.wire() + "; drop one of them)");
        }
        if (pretty && common.format != ReportFormat.JSON) {
            throw new ParameterException(spec.commandLine(), "--pretty lays out JSON (got --format "
                    + common.format.wire() + "; use --format json --pretty)");
        }
        return ReportOptions.DEFAULT.withPretty(pretty).withSummaryOnly(summaryOnly).withGroupStories(problemsOnly);
    }

    /**
     * {@code -r} files first, then the others, each directory replaced by its captures in
     * name order. A directory without captures stays, so that it is reported as bad input.
     */
    private List<ParallelInputs.Input> inputs() {
        List<Path> given = new ArrayList<>(readFiles);
        given.addAll(files);
        if (given.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no capture given (expected FILE, DIR, -r FILE or - for "
                    + "standard input)");
        }
        List<ParallelInputs.Input> inputs = new ArrayList<>();
        boolean stdinUsed = false;
        for (Path p : given) {
            if (p.toString().equals(STDIN)) {
                if (stdinUsed) {
                    throw new ParameterException(spec.commandLine(), "- given twice (standard input can be read once)");
                }
                if (Terminal.stdinIsTerminal()) {
                    throw new ParameterException(spec.commandLine(), "- reads a capture from standard input, which is"
                            + " a terminal here (expected a capture piped in: tcpdump -w - | tcpwhy analyze -)");
                }
                stdinUsed = true;
                inputs.add(new ParallelInputs.Input(STDIN, null));
            } else if (Files.isDirectory(p)) {
                List<Path> captures = CaptureDirectory.list(p);
                if (captures.isEmpty()) {
                    inputs.add(new ParallelInputs.Input(p.toString(), p));
                }
                captures.forEach(c -> inputs.add(new ParallelInputs.Input(c.toString(), c)));
            } else {
                inputs.add(new ParallelInputs.Input(p.toString(), p));
            }
        }
        return inputs;
    }

    /**
     * Checked here rather than left to the reader so that these read the same whatever the
     * reader's open call would have said. The file's attributes are read, not merely tested:
     * {@code Files.exists} is false for a file in a directory this user may not enter, which
     * would be reported as missing instead of as not permitted.
     */
    static void checkReadable(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString());
        }
        if (attributes.isDirectory()) {
            throw new FileSystemException(file.toString(), null, "is a directory without captures (expected "
                    + CaptureDirectory.NAMES + " files in it)");
        }
    }

    /** The input entry of a file that could not be read as a capture at all: no format, nothing counted. */
    static InputReport notRead(String name, IOException e) {
        return new InputReport(name, null, List.of(), 0, 0, 0, 0, 0, false, Errors.describe(e));
    }

    /**
     * What the open-connection cap cost an input: its evicted connections were reported with
     * what had been seen so far (the least recently active first: mostly ones that had long
     * gone quiet, whose report is then whole), and one that went on afterwards in pieces, each
     * piece diagnosed alone. Not an error (exit status unchanged), but a person must know that
     * some reports may be pieces, and how to avoid it.
     */
    static String evictionLine(String name, long reports, int cap) {
        return name + ": more than " + grouped(cap) + " connections were open at once, the most this heap holds"
                + " (one per 16 KiB): " + grouped(reports) + (reports == 1 ? " report was" : " reports were")
                + " made before the connection ended (annotation EVICTED), and a connection that went on after"
                + " that is reported in pieces; give Java more heap, e.g. TCPWHY_JAVA_OPTS=-Xmx4g";
    }

    /** 30,430: thousands grouped, as the summary writes counts. */
    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The error names the file; the analyzer's message may already do so. */
    static String errorLine(String name, String error) {
        String message = error == null ? "reading stopped early" : error;
        String fileName = String.valueOf(Path.of(name).getFileName());
        return message.contains(fileName) ? message : name + ": " + message;
    }
}
