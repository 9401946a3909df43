package io.tcpwhy.model;

import java.util.List;
import java.util.Optional;

/**
 * How the common runtimes report a socket call's result, in the exact words a user would
 * grep a log for. Go strings are the tail of a {@code *net.OpError}
 * ({@code read tcp 10.0.0.1:40000->10.0.0.2:80: read: connection reset by peer}); Java
 * strings are what {@code java.net.Socket} streams throw on JDK 13 and later (checked on
 * JDK 17, Linux); Python's are CPython 3.10+ exceptions; C errno numbers are Linux's (macOS:
 * ECONNRESET 54, ECONNREFUSED 61, ETIMEDOUT 60, EPIPE 32); Windows codes are Winsock's
 * {@code WSAGetLastError()} values.
 */
public final class RuntimeErrors {

    /** The runtimes in the order {@link Wording#texts()} lists them. */
    public static final List<String> RUNTIMES = List.of("Go", "Java", "Python", "C", "Windows");

    /** One result in each runtime's words. */
    public record Wording(String go, String java, String python, String c, String windows) {

        /** The texts in {@link #RUNTIMES} order. */
        public List<String> texts() {
            return List.of(go, java, python, c, windows);
        }
    }

    private static final Wording EOF = new Wording(
            "io.EOF (\"EOF\")",
            "read() returned -1 (readLine() returns null)",
            "recv() returned b''",
            "read() returned 0",
            "recv() returned 0");

    private static final Wording RESET_ON_READ = new Wording(
            "read: connection reset by peer",
            "java.net.SocketException: Connection reset",
            "ConnectionResetError: [Errno 104] Connection reset by peer",
            "errno 104 ECONNRESET",
            "WSAECONNRESET (10054)");

    private static final Wording RESET_ON_WRITE = new Wording(
            "write: connection reset by peer",
            "java.net.SocketException: Connection reset by peer",
            "ConnectionResetError: [Errno 104] Connection reset by peer",
            "errno 104 ECONNRESET",
            "WSAECONNRESET (10054)");

    // A RST answering the handshake's final ACK (the listener's queue overflowed, a proxy gave up).
    private static final Wording RESET_ON_CONNECT = new Wording(
            "connect: connection reset by peer",
            "java.net.SocketException: Connection reset",
            "ConnectionResetError: [Errno 104] Connection reset by peer",
            "errno 104 ECONNRESET",
            "WSAECONNRESET (10054)");

    // Windows has no EPIPE: a send on a connection the peer reset fails with WSAECONNRESET.
    // (WSAECONNABORTED, 10053, is the local stack giving up, e.g. after retransmissions fail.)
    private static final Wording BROKEN_PIPE_ON_WRITE = new Wording(
            "write: broken pipe",
            "java.net.SocketException: Broken pipe",
            "BrokenPipeError: [Errno 32] Broken pipe",
            "errno 32 EPIPE (and SIGPIPE, which kills the process unless ignored or MSG_NOSIGNAL is set)",
            "WSAECONNRESET (10054)");

    // A read sees EPIPE only if the RST came before any FIN; the JDK reports it as a reset.
    private static final Wording BROKEN_PIPE_ON_READ = new Wording(
            "read: broken pipe",
            "java.net.SocketException: Connection reset",
            "BrokenPipeError: [Errno 32] Broken pipe",
            "errno 32 EPIPE",
            "WSAECONNRESET (10054)");

    private static final Wording REFUSED = new Wording(
            "connect: connection refused",
            "java.net.ConnectException: Connection refused",
            "ConnectionRefusedError: [Errno 111] Connection refused",
            "errno 111 ECONNREFUSED",
            "WSAECONNREFUSED (10061)");

    private static final Wording CONNECT_TIMED_OUT = new Wording(
            "connect: connection timed out (with a dial timeout first: i/o timeout)",
            "java.net.ConnectException: Connection timed out (with a connect timeout first: "
                    + "java.net.SocketTimeoutException: Connect timed out)",
            "TimeoutError: [Errno 110] Connection timed out (with settimeout() first: TimeoutError: timed out)",
            "errno 110 ETIMEDOUT",
            "WSAETIMEDOUT (10060)");

    private RuntimeErrors() {
    }

    /**
     * How {@code call} returning {@code result} shows up in each runtime; empty for
     * {@link CallResult#OK}, which no runtime reports as an error.
     */
    public static Optional<Wording> of(SocketCall call, CallResult result) {
        switch (result) {
            case OK:
                return Optional.empty();
            case EOF:
                return Optional.of(EOF);
            case ECONNRESET:
                return Optional.of(call == SocketCall.READ ? RESET_ON_READ
                        : call == SocketCall.WRITE ? RESET_ON_WRITE : RESET_ON_CONNECT);
            case EPIPE:
                return Optional.of(call == SocketCall.READ ? BROKEN_PIPE_ON_READ : BROKEN_PIPE_ON_WRITE);
            case ECONNREFUSED:
                return Optional.of(REFUSED);
            case ETIMEDOUT:
                return Optional.of(call == SocketCall.CONNECT ? CONNECT_TIMED_OUT : timedOut(call));
            default:
                throw new IllegalArgumentException("no wording for " + result);
        }
    }

    /** A connection dropped after retransmissions or keep-alive probes went unanswered. */
    private static Wording timedOut(SocketCall call) {
        return new Wording(
                call.wire() + ": connection timed out",
                "java.net.SocketException: Connection timed out",
                "TimeoutError: [Errno 110] Connection timed out",
                "errno 110 ETIMEDOUT",
                "WSAETIMEDOUT (10060)");
    }
}
