package io.tcpwhy.cli;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.AnnotatedCapture;
import io.tcpwhy.report.FrameComments;
import io.tcpwhy.report.ReportFilter;
import io.tcpwhy.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tcpwhy analyze FILE...}: explains every TCP connection in the files, one file after
 * another, connection ids continuing across files, in one report.
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
            "74:the report or the --annotate file could not be written"})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Capture files, read in turn.")
    List<Path> files;

    @Option(names = "--problems", description = "Only connections that did not end in an orderly way.")
    boolean problemsOnly;

    @Option(names = "--fail-on", paramLabel = "problems|CODE,...", converter = FailOn.Converter.class,
            description = "Exit with status 1 when a reported connection matches: 'problems', or diagnosis / "
                    + "annotation codes, e.g. RST_UNREAD_DATA,ZERO_WINDOW.")
    FailOn failOn;

    @Option(names = "--annotate", paramLabel = "OUT.pcapng", description = "Also write the capture back as pcapng"
            + " with the findings as packet comments on the frames they cite (Wireshark: frame.comment). One FILE only.")
    Path annotate;

    private final Analyzer analyzer = new Analyzer();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReportFilter filter = common.filter(problemsOnly);
        if (annotate != null && files.size() != 1) {
            err.println(Errors.PREFIX + "--annotate takes one capture, got " + files.size()
                    + " (see 'tcpwhy analyze --help')");
            return ExitStatus.USAGE;
        }
        FrameComments comments = annotate != null ? new FrameComments(false) : null;
        InputReport annotated = null;
        // System.console() is null unless stdin and stdout are terminals: never in pipes or tests.
        ProgressLine progress = System.console() != null ? new ProgressLine(out, err, System::nanoTime) : null;
        List<String> errors = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();
        boolean[] matched = {false};
        int nextId = 1;
        try (ReportWriter report = common.format.open(out)) {
            for (Path file : files) {
                report.startInput(file.toString());
                int[] lastId = {nextId - 1};
                InputReport in;
                try {
                    checkReadable(file);
                    if (progress != null) {
                        progress.start(String.valueOf(file.getFileName()));
                    }
                    in = analyzer.analyze(file, nextId, c -> {
                        lastId[0] = c.id();
                        if (filter.test(c)) {
                            matched[0] |= failOn != null && failOn.matches(c);
                            if (progress != null) {
                                progress.clear();
                            }
                            report.connection(c);
                            if (comments != null) {
                                comments.add(c);
                            }
                        }
                    }, progress == null ? ProgressListener.NONE : progress);
                } catch (IOException e) {
                    in = notRead(file, e);
                    causes.add(e);
                } finally {
                    if (progress != null) {
                        progress.clear();
                    }
                }
                nextId = lastId[0] + 1;
                report.endInput(in);
                annotated = in;
                if (!in.complete()) {
                    errors.add(errorLine(file, in.error()));
                }
            }
            report.finish();
        }
        int annotateStatus = ExitStatus.OK;
        if (comments != null && annotated != null && annotated.format() != null) {
            annotateStatus = writeAnnotated(files.get(0), comments, err);
        }
        // After the report, so that the error is the last thing a person sees.
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

    /**
     * Checked here rather than left to the reader so that these three read the same
     * whatever the reader's open call would have said.
     */
    static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory (expected a pcap or pcapng file)");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString());
        }
    }

    /** The input entry of a file that could not be read as a capture at all: no format, nothing counted. */
    static InputReport notRead(Path file, IOException e) {
        return new InputReport(file.toString(), null, List.of(), 0, 0, 0, 0, 0, false, Errors.describe(e));
    }

    /** The error names the file; the analyzer's message may already do so. */
    static String errorLine(Path file, String error) {
        String message = error == null ? "reading stopped early" : error;
        return message.contains(String.valueOf(file.getFileName())) ? message : file + ": " + message;
    }
}
