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
import io.tcpwhy.explain.Query;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.pcap.CaptureFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
            "Understands the error texts of Go, Java, Python, C (strerror/errno), Windows (10053, 10054, 10060,"
                    + " 10061) and Node.js."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:explained", "1:no connection in the capture fits", "2:usage error or an error text not understood",
            "3:unreadable or malformed capture"})
final class ExplainCommand implements Callable<Integer> {

    /** Reads a capture into connection reports; the real analyzer unless a test supplies one. */
    @FunctionalInterface
    interface Source {
        List<ConnectionReport> read(Path file) throws IOException;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng capture")
    Path file;

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
        this(file -> {
            List<ConnectionReport> reports = new ArrayList<>();
            new Analyzer().analyze(file, 1, reports::add, ProgressListener.NONE);
            return reports;
        });
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
        try {
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
        List<ConnectionReport> reports;
        try {
            reports = source.read(file);
        } catch (CaptureFormatException e) {
            return fail(err, e.getMessage(), e);
        } catch (IOException e) {
            return fail(err, Errors.describe(e), e);
        }
        try {
            ConnectionSearch.Result found = ConnectionSearch.search(query, reports);
            if (!found.found()) {
                fmt.writeNoMatch(noMatchMessage(line, reports.size()), found.nearest(), out);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private String noMatchMessage(ErrorLine line, int connections) {
        String what = line != null ? "'" + line.matched() + "' (" + line.result()
                + (line.call() != null ? " on " + line.call().wire() : "") + ")" : "the filters";
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
