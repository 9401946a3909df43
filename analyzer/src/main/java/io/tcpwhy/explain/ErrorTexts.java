package io.tcpwhy.explain;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.SocketCall;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The socket error texts tcpwhy understands, most specific first: each phrase says which
 * result the call returned, the runtime that prints it that way, and the call when the
 * phrase alone tells it. Error numbers are Linux's (errno(3)) and Winsock's.
 */
final class ErrorTexts {

    /** One recognised phrase. {@code call} and {@code note} may be null. */
    record Phrase(Pattern pattern, CallResult result, SocketCall call, ErrorRuntime runtime, String example,
                  String note) {
    }

    /** Winsock reports its own abort (10053) where Linux reports a reset or EOF; say so. */
    static final String ABORT_NOTE = "Windows reports WSAECONNABORTED (10053) when its own stack dropped the connection,"
            + " most often because the data it sent was answered with RST; tcpwhy reads it as a reset";

    // Linux errno values (asm-generic/errno.h, errno-base.h) and Winsock codes (winerror.h).
    private static final int ERRNO_EPIPE = 32;
    private static final int ERRNO_ECONNABORTED = 103;
    private static final int ERRNO_ECONNRESET = 104;
    private static final int ERRNO_ETIMEDOUT = 110;
    private static final int ERRNO_ECONNREFUSED = 111;
    static final int WSAECONNABORTED = 10053;
    static final int WSAECONNRESET = 10054;
    static final int WSAETIMEDOUT = 10060;
    static final int WSAECONNREFUSED = 10061;

    static final List<Phrase> PHRASES = List.of(
            phrase("An existing connection was forcibly closed by the remote host", CallResult.ECONNRESET, null,
                    ErrorRuntime.WINDOWS, "wsarecv: An existing connection was forcibly closed by the remote host.", null),
            phrase("An established connection was aborted by the software in your host machine", CallResult.ECONNRESET,
                    null, ErrorRuntime.WINDOWS,
                    "wsarecv: An established connection was aborted by the software in your host machine.", ABORT_NOTE),
            phrase("target machine actively refused it", CallResult.ECONNREFUSED, SocketCall.CONNECT,
                    ErrorRuntime.WINDOWS, "No connection could be made because the target machine actively refused it.",
                    null),
            phrase("did not properly respond after a period of time", CallResult.ETIMEDOUT, null, ErrorRuntime.WINDOWS,
                    "A connection attempt failed because the connected party did not properly respond after a period of time",
                    null),
            code("WSAECONNABORTED|(?<![\\d.:])" + WSAECONNABORTED + "(?!\\d)", CallResult.ECONNRESET, null,
                    ErrorRuntime.WINDOWS, "recv err=" + WSAECONNABORTED, ABORT_NOTE),
            code("WSAECONNRESET|(?<![\\d.:])" + WSAECONNRESET + "(?!\\d)", CallResult.ECONNRESET, null,
                    ErrorRuntime.WINDOWS, "WSAECONNRESET (" + WSAECONNRESET + ")", null),
            code("WSAETIMEDOUT|(?<![\\d.:])" + WSAETIMEDOUT + "(?!\\d)", CallResult.ETIMEDOUT, null,
                    ErrorRuntime.WINDOWS, "WSAETIMEDOUT (" + WSAETIMEDOUT + ")", null),
            code("WSAECONNREFUSED|(?<![\\d.:])" + WSAECONNREFUSED + "(?!\\d)", CallResult.ECONNREFUSED,
                    SocketCall.CONNECT, ErrorRuntime.WINDOWS, "WSAECONNREFUSED (" + WSAECONNREFUSED + ")", null),
            phrase("Software caused connection abort", CallResult.ECONNRESET, null, ErrorRuntime.C,
                    "java.net.SocketException: Software caused connection abort: recv failed", ABORT_NOTE),
            phrase("connection reset by peer", CallResult.ECONNRESET, null, ErrorRuntime.C,
                    "read: connection reset by peer", null),
            phrase("Connection reset", CallResult.ECONNRESET, null, ErrorRuntime.JAVA,
                    "java.net.SocketException: Connection reset", null),
            phrase("broken pipe", CallResult.EPIPE, SocketCall.WRITE, ErrorRuntime.C, "write: broken pipe", null),
            phrase("connection refused", CallResult.ECONNREFUSED, SocketCall.CONNECT, ErrorRuntime.C,
                    "connect: connection refused", null),
            phrase("Connect timed out", CallResult.ETIMEDOUT, SocketCall.CONNECT, ErrorRuntime.JAVA,
                    "java.net.SocketTimeoutException: Connect timed out", null),
            phrase("Read timed out", CallResult.ETIMEDOUT, SocketCall.READ, ErrorRuntime.JAVA,
                    "java.net.SocketTimeoutException: Read timed out", null),
            phrase("connection timed out", CallResult.ETIMEDOUT, null, ErrorRuntime.C, "connect: connection timed out",
                    null),
            phrase("i/o timeout", CallResult.ETIMEDOUT, null, ErrorRuntime.GO, "read tcp A->B: i/o timeout", null),
            code("\\bECONNRESET\\b", CallResult.ECONNRESET, null, ErrorRuntime.C, "ECONNRESET", null),
            code("\\bEPIPE\\b", CallResult.EPIPE, SocketCall.WRITE, ErrorRuntime.C, "EPIPE", null),
            code("\\bECONNREFUSED\\b", CallResult.ECONNREFUSED, SocketCall.CONNECT, ErrorRuntime.C, "ECONNREFUSED",
                    null),
            code("\\bETIMEDOUT\\b", CallResult.ETIMEDOUT, null, ErrorRuntime.C, "ETIMEDOUT", null),
            code("\\bECONNABORTED\\b", CallResult.ECONNRESET, null, ErrorRuntime.C, "ECONNABORTED", ABORT_NOTE),
            errno(ERRNO_ECONNRESET, CallResult.ECONNRESET, null, null),
            errno(ERRNO_EPIPE, CallResult.EPIPE, SocketCall.WRITE, null),
            errno(ERRNO_ECONNREFUSED, CallResult.ECONNREFUSED, SocketCall.CONNECT, null),
            errno(ERRNO_ETIMEDOUT, CallResult.ETIMEDOUT, null, null),
            errno(ERRNO_ECONNABORTED, CallResult.ECONNRESET, null, ABORT_NOTE),
            code("\\bsocket\\.timeout\\b|\\bTimeoutError\\b", CallResult.ETIMEDOUT, null, ErrorRuntime.PYTHON,
                    "socket.timeout: timed out", null),
            code("java\\.io\\.EOFException", CallResult.EOF, SocketCall.READ, ErrorRuntime.JAVA, "java.io.EOFException",
                    null),
            code("(?:^|[\\s=:])(?:unexpected )?EOF\\s*$", CallResult.EOF, SocketCall.READ, ErrorRuntime.GO,
                    "EOF (Go's io.EOF)", null));

    private ErrorTexts() {
    }

    private static Phrase phrase(String words, CallResult result, SocketCall call, ErrorRuntime runtime,
                                 String example, String note) {
        return new Phrase(Pattern.compile(Pattern.quote(words), Pattern.CASE_INSENSITIVE), result, call, runtime,
                example, note);
    }

    private static Phrase code(String regex, CallResult result, SocketCall call, ErrorRuntime runtime, String example,
                               String note) {
        return new Phrase(Pattern.compile(regex), result, call, runtime, example, note);
    }

    /** {@code errno 104}, {@code errno=104}, {@code [Errno 104]}, {@code errno: -104} (Node prints it negated). */
    private static Phrase errno(int number, CallResult result, SocketCall call, String note) {
        return new Phrase(Pattern.compile("errno\\W{0,3}-?" + number + "(?!\\d)", Pattern.CASE_INSENSITIVE), result,
                call, ErrorRuntime.C, "errno " + number, note);
    }
}
