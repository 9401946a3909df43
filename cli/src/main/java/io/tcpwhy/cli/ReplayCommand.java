package io.tcpwhy.cli;

import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.ConnectionKey;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.replay.RecordingReader;
import io.tcpwhy.replay.Replay;
import io.tcpwhy.replay.ReplayException;
import io.tcpwhy.replay.ReplayReport;
import io.tcpwhy.replay.ReplayResult;
import io.tcpwhy.replay.Script;
import io.tcpwhy.replay.ScriptBuilder;
import io.tcpwhy.replay.ScriptFile;
import io.tcpwhy.replay.Timing;
import io.tcpwhy.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tcpwhy replay}: re-enacts one side of a captured connection over real sockets,
 * captures the replay live, and prints how it ended next to how the original did. Exit 0
 * when it ended like the original (or as {@code --expect} asks), 1 when not.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay one side of a captured connection over real sockets (--as client --target HOST:PORT,"
                + " or --as server --listen PORT), capture the replay on loopback and compare how it ended with the"
                + " original: exit 0 same ending, 1 different (or not --expect CODE).")
final class ReplayCommand implements Callable<Integer> {

    private static final int MILLIS_PER_SECOND = 1000;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The capture holding the connection (pcap or pcapng).")
    Path file;

    @Option(names = "--conn", paramLabel = "A-B", converter = CommonOptions.ConnectionConverter.class,
            description = "The connection between endpoints A and B, e.g. 10.0.0.1:5000-10.0.0.2:80 (needed when the"
                    + " capture holds several).")
    ConnectionKey connection;

    @Option(names = "--id", paramLabel = "N", description = "The connection with this id in `tcpwhy analyze` of FILE.")
    Integer id;

    @Option(names = "--client", paramLabel = "IP:PORT", converter = EndpointConverter.class,
            description = "The connection's client, when the capture lacks the handshake that would tell.")
    Endpoint client;

    @Option(names = "--as", paramLabel = "SIDE", defaultValue = "client", converter = SideConverter.class,
            description = "The side to play: client (connects to --target) or server (listens on --listen);"
                    + " default: ${DEFAULT-VALUE}.")
    Side played;

    @Option(names = "--target", paramLabel = "HOST:PORT", converter = TargetConverter.class,
            description = "Where the played client connects: the server under test.")
    InetSocketAddress target;

    @Option(names = "--listen", paramLabel = "PORT", converter = CommonOptions.PortConverter.class,
            description = "Where the played server listens for the client under test (0: any free port).")
    Integer listen;

    @Option(names = "--timing", paramLabel = "MODE", defaultValue = "asis",
            description = "asis: keep the recorded gaps (default); fast: no gaps.")
    String timing;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "With --timing asis, play X times faster (0.5: twice as slow). Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--wait-timeout", paramLabel = "S", defaultValue = "10",
            description = "How long to wait for the peer's bytes, EOF or connect (default: ${DEFAULT-VALUE} s).")
    double waitSeconds;

    @Option(names = "--accept-timeout", paramLabel = "S", defaultValue = "60",
            description = "With --as server, how long to wait for the client (default: ${DEFAULT-VALUE} s).")
    double acceptSeconds;

    @Option(names = "--observe", paramLabel = "S",
            description = "How long to watch the peer after the played side ended (default: as long as the"
                    + " recording did, plus 0.5 s; at most 30 s).")
    Double observeSeconds;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", defaultValue = "lo",
            description = "Interface the replay is captured on (default: ${DEFAULT-VALUE}).")
    String interfaceName;

    @Option(names = {"-w", "--write"}, paramLabel = "OUT", description = "Keep the replay's live capture in this pcap file.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            converter = CommonOptions.FormatConverter.class, completionCandidates = CommonOptions.FormatNames.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--expect", paramLabel = "CODE", converter = ExpectConverter.class,
            description = "Exit 0 only if the replay's diagnosis is CODE (e.g. ORDERLY), whatever the original's.")
    DiagnosisCode expect;

    @Option(names = "--dry-run", description = "Print the script (steps, byte counts, waits, the ending) and stop.")
    boolean dryRun;

    @Option(names = "--export-script", paramLabel = "OUT", description = "Write the script as JSON (docs/replay.md) and stop.")
    Path exportScript;

    @Option(names = "--script", paramLabel = "SCRIPT", description = "Play this script file instead of a capture's connection.")
    Path scriptFile;

    @Option(names = "--debug", description = "Print the stack trace along with an error message.")
    boolean debug;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Timing pacing = timing();
        if ((file == null) == (scriptFile == null)) {
            throw new ParameterException(spec.commandLine(), file == null
                    ? "missing FILE (expected a capture, or --script SCRIPT)"
                    : "both FILE and --script given (expected one of them)");
        }
        Script script;
        try {
            if (scriptFile != null) {
                script = ScriptFile.read(scriptFile);
            } else {
                script = ScriptBuilder.build(RecordingReader.read(file,
                        RecordingReader.Selection.of(connection, id, client)), played, describe(file));
            }
        } catch (ReplayException e) {
            err.println(Errors.PREFIX + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
        if (exportScript != null) {
            ScriptFile.write(script, exportScript);
            err.println("wrote the " + script.played().wire() + "'s script to " + exportScript);
        }
        if (dryRun) {
            out.print(script.describe());
            out.flush();
        }
        if (dryRun || exportScript != null) {
            return ExitStatus.OK;
        }
        Replay.Options options = options(script, err).withTiming(pacing)
                .withTimeouts(millis("--wait-timeout", waitSeconds), millis("--accept-timeout", acceptSeconds),
                        observeSeconds == null ? -1 : millis("--observe", observeSeconds))
                .withCapture(interfaceName, output);
        ReplayResult result;
        try {
            result = Replay.run(script, options);
        } catch (CaptureUnavailableException e) {
            err.println(Errors.PREFIX + e.getMessage());
            return ExitStatus.CAPTURE_UNAVAILABLE;
        } catch (BindException e) {
            throw new ParameterException(spec.commandLine(), "--listen " + listen + ": " + e.getMessage());
        }
        String expected = expect == null ? null : expect.name();
        ReplayReport.write(result, format, expected, out);
        boolean good = expected != null ? result.replayDiagnosis().equals(expected) : result.sameEnding();
        return good ? ExitStatus.OK : ExitStatus.FAIL_ON_MATCHED;
    }

    private Replay.Options options(Script script, PrintWriter err) {
        if (script.played() == Side.CLIENT) {
            if (target == null) {
                throw new ParameterException(spec.commandLine(),
                        "missing --target HOST:PORT (expected where the replayed client connects)");
            }
            return Replay.Options.client(target);
        }
        if (listen == null) {
            throw new ParameterException(spec.commandLine(),
                    "missing --listen PORT (expected where the replayed server waits for its client)");
        }
        return Replay.Options.server(listen, port -> {
            err.println("replaying the server on port " + port + ": waiting for the client");
            err.flush();
        });
    }

    private Timing timing() {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new ParameterException(spec.commandLine(), "--speed " + speed + " (expected a number above 0)");
        }
        return switch (timing) {
            case "asis" -> new Timing(false, speed);
            case "fast" -> Timing.FAST;
            default -> throw new ParameterException(spec.commandLine(),
                    "--timing '" + timing + "' (expected asis or fast)");
        };
    }

    private int millis(String option, double seconds) {
        if (!(seconds >= 0) || seconds * MILLIS_PER_SECOND > Integer.MAX_VALUE) {
            throw new ParameterException(spec.commandLine(), option + " " + seconds
                    + " (expected 0 to " + Integer.MAX_VALUE / MILLIS_PER_SECOND + " seconds)");
        }
        return (int) Math.round(seconds * MILLIS_PER_SECOND);
    }

    private String describe(Path capture) {
        String what = connection != null ? " " + connection : id != null ? " connection " + id : "";
        return capture.getFileName() + what;
    }

    static final class SideConverter implements ITypeConverter<Side> {
        @Override
        public Side convert(String value) {
            try {
                return Side.fromWire(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class EndpointConverter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            try {
                return Endpoint.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** HOST:PORT or [IPv6]:PORT; the host may be a name. */
    static final class TargetConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not HOST:PORT (expected e.g. 127.0.0.1:8080)");
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' has no port number (expected HOST:PORT)");
            }
            if (port < 1 || port > 0xFFFF) {
                throw new TypeConversionException("port " + port + " out of range (expected 1-65535)");
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new TypeConversionException("host '" + host + "' cannot be resolved");
            }
            return address;
        }
    }

    static final class ExpectConverter implements ITypeConverter<DiagnosisCode> {
        @Override
        public DiagnosisCode convert(String value) {
            try {
                return DiagnosisCode.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown diagnosis code '" + value + "' (expected one of "
                        + Arrays.stream(DiagnosisCode.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
            }
        }
    }
}
