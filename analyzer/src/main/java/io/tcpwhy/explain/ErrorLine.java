package io.tcpwhy.explain;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.net.Endpoint;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A socket error as a log line printed it, read back into what the call returned.
 * Go's messages name both ends ({@code read tcp LOCAL->REMOTE: ...}): the local address
 * is the side that logged the line.
 *
 * @param call       the call when the text says it, else null
 * @param local      the logging side's endpoint when the text gives it, else null
 * @param remote     the peer's endpoint when the text gives it, else null
 * @param remotePort the peer's port when the text gives at least that (Go's {@code dial tcp :8080}), else -1
 * @param loggedAt   the time the line starts with, else null
 * @param matched    the phrase that was recognised, as the line wrote it
 * @param note       a caveat about how the runtime reports this result, else null
 */
public record ErrorLine(String text, ErrorRuntime runtime, CallResult result, SocketCall call, Endpoint local,
                        Endpoint remote, int remotePort, LogTime loggedAt, String matched, String note) {

    private static final Pattern GO_CONN = Pattern.compile("\\b(read|write) tcp[46]? (\\S+)->(\\S+): ");
    private static final Pattern GO_DIAL = Pattern.compile("\\bdial tcp[46]? (\\S*):(\\d{1,5}): ");
    private static final Pattern NODE = Pattern.compile(
            "\\b(read|write|connect) (ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT|ECONNABORTED)\\b(?: (\\S+:\\d{1,5}))?");
    private static final Pattern NODE_SYSCALL = Pattern.compile("syscall: '(read|write|connect)'");
    private static final Pattern PYTHON = Pattern.compile(
            "\\b(?:ConnectionResetError|BrokenPipeError|ConnectionRefusedError|ConnectionAbortedError|TimeoutError"
                    + "|socket\\.timeout|\\[Errno \\d+]|\\[WinError \\d+])");
    private static final Pattern JAVA = Pattern.compile("\\bjava\\.(?:net|io)\\.\\w+|\\b\\w+Exception\\b");
    private static final Pattern READ_WORDS = Pattern.compile(
            "\\b(?:wsarecv|recv failed|recv|read|Read timed out|readv)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WRITE_WORDS = Pattern.compile(
            "\\b(?:wsasend|send|sendmsg|write|socket write error|writev)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONNECT_WORDS = Pattern.compile(
            "\\b(?:connectex|connect|dial|ConnectException)\\b", Pattern.CASE_INSENSITIVE);
    /** Longer lines are stack traces or whole log files; the phrase is always near the start. */
    static final int MAX_TEXT = 4096;

    /** Reads a log line; throws {@link ExplainException} listing what is understood when it holds no known error. */
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
        ErrorRuntime runtime = runtime(text, phrase.runtime());
        Endpoint local = null;
        Endpoint remote = null;
        int remotePort = -1;
        SocketCall call = phrase.call();
        Matcher go = GO_CONN.matcher(text);
        Matcher dial = GO_DIAL.matcher(text);
        Matcher node = NODE.matcher(text);
        if (go.find()) {
            local = endpoint(go.group(2));
            remote = endpoint(go.group(3));
            call = call != null ? call : SocketCall.fromWire(go.group(1));
        } else if (dial.find()) {
            remotePort = Integer.parseInt(dial.group(2));
            remote = dial.group(1).isEmpty() ? null : endpoint(dial.group(1) + ":" + dial.group(2));
            call = SocketCall.CONNECT;
        } else if (node.find()) {
            call = SocketCall.fromWire(node.group(1));
            remote = node.group(3) == null ? null : endpoint(node.group(3));
        }
        if (remote != null) {
            remotePort = remote.port();
        }
        if (call == null) {
            call = callFromWords(text);
        }
        String matched = text.substring(found.start(), found.end()).strip();
        return new ErrorLine(line, runtime, phrase.result(), call, local, remote, remotePort,
                LogTime.leading(text).orElse(null), matched, phrase.note());
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
        if (JAVA.matcher(text).find()) {
            return ErrorRuntime.JAVA;
        }
        return byPhrase;
    }

    private static SocketCall callFromWords(String text) {
        Matcher syscall = NODE_SYSCALL.matcher(text);
        if (syscall.find()) {
            return SocketCall.fromWire(syscall.group(1));
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
        String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return "no socket error found in '" + shown + "'. Understood (any case, anywhere in the line): "
                + ErrorTexts.PHRASES.stream().map(ErrorTexts.Phrase::example).collect(Collectors.joining("; "))
                + ". Runtimes: Go, Java, Python, C strerror/errno (Linux numbers), Windows 10053/10054/10060/10061, Node.js.";
    }
}
