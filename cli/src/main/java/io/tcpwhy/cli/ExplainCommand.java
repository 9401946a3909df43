package io.tcpwhy.cli;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.explain.ConnectionSearch;
import io.tcpwhy.explain.ErrorLine;
import io.tcpwhy.explain.EvidenceCapture;
import io.tcpwhy.explain.ExplainException;
import io.tcpwhy.explain.ExplainFormat;
import io.tcpwhy.explain.Explainer;
import io.tcpwhy.explain.Explanation;
import io.tcpwhy.explain.LogTime;
import io.tcpwhy.explain.OwnExplainer;
import io.tcpwhy.explain.OwnExplanation;
import io.tcpwhy.explain.OwnFindings;
import io.tcpwhy.explain.Query;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.pcap.CaptureFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tcpwhy explain FILE --error LINE}: the connection behind an error message, and why. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explains one failure: finds the connection behind an error line from a log (or a connection or port)"
                    + " and says which side logged it, which segment caused it, why, and what to change.",
            "Understands the error texts of Go, Java, Python, Node.js, .NET, Rust, C (strerror/errno), Windows,"
                    + " curl, nginx, HAProxy, Envoy, redis-cli, netcat, socat, libpq and MySQL: --list-errors shows"
                    + " them all. Errors the program caused itself (a call on a socket it closed, port exhaustion,"
                    + " no route) are explained from what the capture shows around them."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:explained (also an error with nothing on the wire)", "1:no connection in the capture fits",
            "2:usage error or an error text not understood",
            "3:unreadable or malformed capture, or one damaged part-way (what was read is still explained)"})
final class ExplainCommand implements Callable<Integer> {

    /** Reads a capture, handing each connection's report to the sink as it ends; the real analyzer unless a test supplies one. */
    @FunctionalInterface
    interface Source {
        InputReport read(Path file, Consumer<ConnectionReport> sink) throws IOException;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "pcap or pcapng capture")
    Path file;

    @Option(names = "--list-errors", description = "list every error text understood: its pattern, what it means"
            + " (result and errno, or the program's own action), the call, the runtime and a real example")
    boolean listErrors;

    @Option(names = "--error", paramLabel = "LINE", description = "the error line from the log, e.g."
            + " 'read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer'")
    String error;

    @Option(names = "--conn", paramLabel = "A-B", description = "only this connection (IP:PORT-IP:PORT, either order)")
    String conn;

    @Option(names = "--port", paramLabel = "N", description = "only connections with this port on either side")
    Integer port;

    @Option(names = "--side", paramLabel = "client|server", description = "the side that logged the error")
    String side;

    @Option(names = "--at", paramLabel = "TIME", description = "when it was logged: ISO-8601, or as the log prints"
            + " it (2019/05/30 16:35:45.269); defaults to the time the error line starts with")
    String at;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC", description = "the log's time zone for times"
            + " without an offset, e.g. +08:00 or Asia/Shanghai (default: ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown (for tickets) or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--evidence", paramLabel = "OUT.pcap", description = "also write the connection's packets to"
            + " this pcap file, to attach to a ticket (readable by Wireshark and tcpdump); a name ending in .pcapng"
            + " writes pcapng with the findings as packet comments (Wireshark: frame.comment)")
    Path evidence;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    private final Source source;

    ExplainCommand() {
        this((file, sink) -> new Analyzer().analyze(file, 1, sink, ProgressListener.NONE));
    }

    ExplainCommand(Source source) {
        this.source = source;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Query query;
        ExplainFormat fmt;
        ErrorLine line = null;
        if (listErrors) {
            out.print(ErrorLine.listUnderstood());
            out.flush();
            return ExitStatus.OK;
        }
        try {
            if (file == null) {
                throw new IllegalArgumentException("missing FILE: the capture to search (or --list-errors)");
            }
            if (error == null && conn == null && port == null) {
                throw new IllegalArgumentException("say what to explain: --error LINE, --conn A-B or --port N");
            }
            fmt = ExplainFormat.fromWire(format);
            if (error != null) {
                line = ErrorLine.parse(error);
            }
            ZoneId zoneId = zone(zone);
            LogTime when = at != null ? LogTime.parse(at) : line != null ? line.loggedAt() : null;
            if (port != null && (port < 0 || port > 0xFFFF)) {
                throw new IllegalArgumentException("--port " + port + " out of range (expected 0-65535)");
            }
            query = new Query(line, conn == null ? null : ConnectionKey.parse(conn), port == null ? -1 : port,
                    side == null ? null : Side.fromWire(side), when == null ? null : when.epochNanos(zoneId));
        } catch (IllegalArgumentException | ExplainException e) {
            err.println(Errors.PREFIX + e.getMessage());
            return ExitStatus.USAGE;
        }
        ConnectionSearch.Collector collector = new ConnectionSearch.Collector(query);
        InputReport input;
        try {
            input = source.read(file, collector);
        } catch (CaptureFormatException e) {
            return fail(err, e.getMessage(), e);
        } catch (IOException e) {
            return fail(err, Errors.describe(e), e);
        }
        ConnectionSearch.Result found = collector.result();
        int status;
        try {
            status = answer(query, line, found, fmt, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!input.complete()) {
            // After the answer, as analyze does, so that the warning is the last thing a person sees.
            err.println(Errors.PREFIX + AnalyzeCommand.errorLine(file.toString(), input.error()) + "; the analysis is partial:"
                    + " only the " + input.frames() + " frames before the damage were searched");
            err.flush();
            return ExitStatus.BAD_INPUT;
        }
        return status;
    }

    private int answer(Query query, ErrorLine line, ConnectionSearch.Result found, ExplainFormat fmt, PrintWriter out,
                       PrintWriter err) throws IOException {
        OwnFindings own = found.own();
        if (line != null && line.own() != null) {
            return ownAnswer(OwnExplainer.explain(line, line.own(), own, found.connections()), fmt, out, err);
        }
        if (!found.found()) {
            if (line != null && line.fallback() != null && own != null && !own.closes().isEmpty()) {
                return ownAnswer(OwnExplainer.explain(line, line.fallback(), own, found.connections()), fmt, out, err);
            }
            fmt.writeNoMatch(noMatchMessage(line, found.connections()), found.nearest(), out);
            out.flush();
            return ExitStatus.FAIL_ON_MATCHED;
        }
        Explanation explanation = Explainer.explain(found, line);
        fmt.write(explanation, out);
        out.flush();
        if (evidence != null) {
            return writeEvidence(explanation.report(), err);
        }
        return ExitStatus.OK;
    }

    /** An error with nothing on the wire: explained, exit 0; the evidence is the connection the side closed, if any. */
    private int ownAnswer(OwnExplanation x, ExplainFormat fmt, PrintWriter out, PrintWriter err) throws IOException {
        fmt.write(x, out);
        out.flush();
        if (evidence != null) {
            if (x.connection() == null) {
                err.println("tcpwhy explain: nothing written to " + evidence + ": no connection in the capture shows"
                        + " the own action (the error left nothing on the wire)");
                return ExitStatus.OK;
            }
            return writeEvidence(x.connection().report(), err);
        }
        return ExitStatus.OK;
    }

    /** Status goes to stderr so that stdout stays one document (json, markdown). */
    private int writeEvidence(ConnectionReport report, PrintWriter err) {
        try {
            EvidenceCapture.Written w = String.valueOf(evidence.getFileName()).endsWith(".pcapng")
                    ? EvidenceCapture.writeAnnotated(file, report, evidence)
                    : EvidenceCapture.write(file, report, evidence);
            err.println("tcpwhy explain: wrote " + w.frames() + " frames of connection #" + report.id() + " to "
                    + evidence + (w.otherLinkTypeFrames() > 0 ? " (" + w.otherLinkTypeFrames()
                    + " frames from an interface of another link type left out)" : "")
                    + (w.changes().isEmpty() ? "" : "; changed to fit the format: " + w.changes()));
            return ExitStatus.OK;
        } catch (CaptureFormatException e) {
            return fail(err, e.getMessage(), e);
        } catch (IOException e) {
            return fail(err, "--evidence " + evidence + ": " + Errors.describe(e), e);
        }
    }

    private String noMatchMessage(ErrorLine line, long connections) {
        String what = line != null ? "'" + line.matched() + "' (" + line.meaningText() + ")" : "the filters";
        return "No connection in " + file + " fits " + what + ": none of its " + connections
                + " connections has that result for the side and addresses asked about"
                + (line != null && line.loggedAt() != null ? " near " + line.loggedAt().local() : "") + ".";
    }

    private static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown zone '" + zone + "' (expected e.g. UTC, +08:00 or Asia/Shanghai)",
                    e);
        }
    }

    /** Bad input: the same one line as every other command prints (see {@link Errors}), exit 3. */
    private int fail(PrintWriter err, String message, Exception e) {
        err.println(Errors.PREFIX + message);
        if (debug) {
            e.printStackTrace(err);
        }
        return ExitStatus.BAD_INPUT;
    }
}
