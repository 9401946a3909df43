package io.tcpwhy.explain;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.net.Endpoint;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A socket error as a log line printed it, read back into what the call returned (or which
 * action of the program's own caused it). Go's messages name both ends
 * ({@code read tcp LOCAL->REMOTE: ...}): the local address is the side that logged the line.
 *
 * @param result       the call's result; null when the text names an own action ({@code own})
 * @param own          the program's own action behind the text (nothing on the wire), else null
 * @param fallback     the own action the text means when the capture shows no peer close, else null
 * @param closeOrReset the program prints this text for the peer's FIN and for its RST alike
 * @param errno        the errno or other source behind the text, for people to search for
 * @param fits         production diagnoses this text typically goes with
 * @param call         the call when the text says it, else null
 * @param local        the logging side's endpoint when the text gives it, else null
 * @param remote       the peer's endpoint when the text gives it, else null
 * @param remotePort   the peer's port when the text gives at least that (Go's {@code dial tcp :8080}), else -1
 * @param loggedAt     the time the line starts with, else null
 * @param matched      the phrase that was recognised, as the line wrote it
 * @param note         a caveat about how the runtime reports this result, else null
 */
public record ErrorLine(String text, ErrorRuntime runtime, CallResult result, OwnAction own, OwnAction fallback,
                        boolean closeOrReset, String errno, Set<DiagnosisCode> fits, SocketCall call, Endpoint local,
                        Endpoint remote, int remotePort, LogTime loggedAt, String matched, String note) {

    private static final Pattern GO_CONN = Pattern.compile("\\b(read|write) tcp[46]? (\\S+)->(\\S+): ");
    /** Go's net.OpError without the op, as the seed prints it: {@code 127.0.0.1:63482->127.0.0.1:8081: ...}. */
    private static final Pattern GO_ADDRS = Pattern.compile("(?:^|\\s)(\\S+:\\d{1,5})->(\\S+:\\d{1,5}): ");
    private static final Pattern GO_DIAL = Pattern.compile("\\bdial tcp[46]? (\\S*):(\\d{1,5}): ");
    private static final Pattern NODE = Pattern.compile(
            "\\b(read|write|connect) (ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT|ECONNABORTED)\\b(?: (\\S+:\\d{1,5}))?");
    private static final Pattern NODE_SYSCALL = Pattern.compile("syscall: '(read|write|connect)'");
    /**
     * Where programs other than Go and Node name the peer: nginx's upstream, urllib3's pool,
     * undici's attempted address, Apache HttpClient, curl, netcat, socat. Group 1 is the host,
     * group 2 the port.
     */
    private static final List<Pattern> REMOTE = List.of(
            Pattern.compile("upstream: \"\\w+://(\\S+?):(\\d{1,5})[/\"]"),
            Pattern.compile("host='([^']+)', port=(\\d{1,5})"),
            Pattern.compile("attempted address: (\\S+):(\\d{1,5})"),
            Pattern.compile("(\\S+):(\\d{1,5}) failed to respond"),
            Pattern.compile("(?:Failed to connect to|connect to) (\\S+) port (\\d{1,5})"),
            Pattern.compile("AF=\\d+ (\\S+):(\\d{1,5})"));
    private static final Pattern PYTHON = Pattern.compile(
            "\\b(?:ConnectionResetError|BrokenPipeError|ConnectionRefusedError|ConnectionAbortedError|TimeoutError"
                    + "|socket\\.timeout|\\[Errno \\d+]|\\[WinError \\d+]|urllib3|requests\\.exceptions)");
    private static final Pattern DOTNET = Pattern.compile("\\bSystem\\.(?:Net|IO)\\.");
    private static final Pattern RUST = Pattern.compile("\\(os error \\d+\\)");
    private static final Pattern NGINX = Pattern.compile(
            "\\[(?:emerg|alert|crit|error|warn|notice|info)] \\d+#\\d+: ");
    private static final Pattern SOCAT = Pattern.compile("\\bsocat\\[\\d+]");
    private static final Pattern NETCAT = Pattern.compile("(?:^|\\s)(?:nc|ncat|netcat|Ncat): ");
    private static final Pattern CURL = Pattern.compile("\\bcurl: \\(\\d+\\)");
    private static final Pattern REDIS = Pattern.compile("\\bto Redis at\\b");
    private static final Pattern JAVA = Pattern.compile("\\bjava\\.(?:net|io)\\.\\w+|\\b\\w+Exception\\b");
    /** nginx says what it was doing: "while connecting to upstream", "while reading response header". */
    private static final Pattern WHILE = Pattern.compile("\\bwhile (connecting|reading|sending|waiting)\\b");
    private static final Pattern READ_WORDS = Pattern.compile(
            "\\b(?:wsarecv|recv failed|recv|read|Read timed out|readv|recvmsg)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WRITE_WORDS = Pattern.compile(
            "\\b(?:wsasend|send|sendmsg|write|socket write error|writev)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONNECT_WORDS = Pattern.compile(
            "\\b(?:connectex|connect|dial|ConnectException)\\b", Pattern.CASE_INSENSITIVE);
    /** Longer lines are stack traces or whole log files; the phrase is always near the start. */
    static final int MAX_TEXT = 4096;
    /** How much of a line not understood is quoted back. */
    private static final int QUOTED = 120;

    public ErrorLine {
        fits = Set.copyOf(fits);
    }

    /** Reads a log line; throws {@link ExplainException} (one short line) when it holds no known error. */
    public static ErrorLine parse(String line) throws ExplainException {
        String text = line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) : line;
        ErrorTexts.Phrase phrase = null;
        Matcher found = null;
        for (ErrorTexts.Phrase p : ErrorTexts.PHRASES) {
            Matcher m = p.pattern().matcher(text);
            if (m.find()) {
                phrase = p;
                found = m;
                break;
            }
        }
        if (phrase == null) {
            throw new ExplainException(notUnderstood(line));
        }
        ErrorRuntime runtime = phrase.runtime().printedByTheSystem() ? runtime(text, phrase.runtime())
                : phrase.runtime();
        Endpoint local = null;
        Endpoint remote = null;
        int remotePort = -1;
        SocketCall call = phrase.call();
        Matcher go = GO_CONN.matcher(text);
        Matcher goAddrs = GO_ADDRS.matcher(text);
        Matcher dial = GO_DIAL.matcher(text);
        Matcher node = NODE.matcher(text);
        if (go.find()) {
            local = endpoint(go.group(2));
            remote = endpoint(go.group(3));
            call = call != null ? call : SocketCall.fromWire(go.group(1));
            runtime = ErrorRuntime.GO;
        } else if (goAddrs.find()) {
            local = endpoint(goAddrs.group(1));
            remote = endpoint(goAddrs.group(2));
        } else if (dial.find()) {
            remotePort = Integer.parseInt(dial.group(2));
            remote = dial.group(1).isEmpty() ? null : endpoint(dial.group(1) + ":" + dial.group(2));
            call = SocketCall.CONNECT;
        } else if (node.find()) {
            call = SocketCall.fromWire(node.group(1));
            remote = node.group(3) == null ? null : endpoint(node.group(3));
        } else {
            for (Pattern p : REMOTE) {
                Matcher m = p.matcher(text);
                if (m.find()) {
                    remotePort = Integer.parseInt(m.group(2));
                    remote = endpoint(m.group(1) + ":" + m.group(2));
                    break;
                }
            }
        }
        if (remote != null) {
            remotePort = remote.port();
        }
        if (call == null) {
            call = callFromWords(text);
        }
        String matched = text.substring(found.start(), found.end()).strip();
        ErrorTexts.Meaning meaning = phrase.meaning();
        return new ErrorLine(line, runtime, meaning.result(), meaning.own(), meaning.fallback(),
                meaning.closeOrReset(), meaning.errno(), phrase.fits(), call, local, remote,
                remotePort > 0xFFFF ? -1 : remotePort, LogTime.leading(text).orElse(null), matched, meaning.note());
    }

    /** What the line says in a few words: "ECONNRESET on read", "own action: port exhaustion". */
    public String meaningText() {
        String what = result != null ? result.name() : own.wire().replace('_', ' ');
        return what + (call != null ? " on " + call.wire() : "");
    }

    private static ErrorRuntime runtime(String text, ErrorRuntime byPhrase) {
        if (GO_CONN.matcher(text).find() || GO_DIAL.matcher(text).find() || text.contains("i/o timeout")) {
            return ErrorRuntime.GO;
        }
        if (NODE.matcher(text).find() || NODE_SYSCALL.matcher(text).find()) {
            return ErrorRuntime.NODE;
        }
        if (PYTHON.matcher(text).find()) {
            return ErrorRuntime.PYTHON;
        }
        if (DOTNET.matcher(text).find()) {
            return ErrorRuntime.DOTNET;
        }
        if (JAVA.matcher(text).find()) {
            return ErrorRuntime.JAVA;
        }
        if (RUST.matcher(text).find()) {
            return ErrorRuntime.RUST;
        }
        if (NGINX.matcher(text).find()) {
            return ErrorRuntime.NGINX;
        }
        if (CURL.matcher(text).find()) {
            return ErrorRuntime.CURL;
        }
        if (REDIS.matcher(text).find()) {
            return ErrorRuntime.REDIS;
        }
        if (SOCAT.matcher(text).find()) {
            return ErrorRuntime.SOCAT;
        }
        if (NETCAT.matcher(text).find()) {
            return ErrorRuntime.NETCAT;
        }
        return byPhrase;
    }

    private static SocketCall callFromWords(String text) {
        Matcher syscall = NODE_SYSCALL.matcher(text);
        if (syscall.find()) {
            return SocketCall.fromWire(syscall.group(1));
        }
        Matcher during = WHILE.matcher(text);
        if (during.find()) {
            return switch (during.group(1)) {
                case "connecting" -> SocketCall.CONNECT;
                case "sending" -> SocketCall.WRITE;
                default -> SocketCall.READ;
            };
        }
        boolean read = READ_WORDS.matcher(text).find();
        boolean write = WRITE_WORDS.matcher(text).find();
        boolean connect = CONNECT_WORDS.matcher(text).find();
        if (read && !write && !connect) {
            return SocketCall.READ;
        }
        if (write && !read && !connect) {
            return SocketCall.WRITE;
        }
        if (connect && !read && !write) {
            return SocketCall.CONNECT;
        }
        return null;
    }

    private static Endpoint endpoint(String text) {
        try {
            return Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            // A host name instead of an address (Go prints what was dialed): keep the port only.
            return null;
        }
    }

    static String notUnderstood(String line) {
        String shown = line.length() > QUOTED ? line.substring(0, QUOTED) + "..." : line;
        return "no socket error found in '" + shown + "' (tcpwhy explain --list-errors shows the "
                + ErrorTexts.PHRASES.size() + " texts understood)";
    }

    /** The table of understood texts, for {@code tcpwhy explain --list-errors}. */
    public static String listUnderstood() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %-8s %-36s %s%n", "RUNTIME", "CALL",
                "MEANS", "ERRNO OR SOURCE"));
        for (ErrorTexts.Phrase p : ErrorTexts.PHRASES) {
            ErrorTexts.Meaning m = p.meaning();
            String means = m.result() != null ? m.result().name() + (m.fallback() != null
                    ? " or own action " + m.fallback().wire() : "") : "own action " + m.own().wire();
            sb.append(String.format(Locale.ROOT, "%-20s %-8s %-36s %s%n", p.runtime().title(),
                    p.call() == null ? "-" : p.call().wire(), means, m.errno()));
            sb.append("    pattern: ").append(p.pattern().pattern()).append('\n');
            sb.append("    e.g.:    ").append(p.example()).append('\n');
            if (!p.fits().isEmpty()) {
                sb.append("    fits:    ").append(p.fits().stream().map(Enum::name).sorted()
                        .reduce((a, b) -> a + ", " + b).orElse("")).append('\n');
            }
        }
        return sb.toString();
    }
}
