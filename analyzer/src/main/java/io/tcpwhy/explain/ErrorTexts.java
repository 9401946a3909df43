package io.tcpwhy.explain;

import static io.tcpwhy.model.DiagnosisCode.ACCEPT_QUEUE_OVERFLOW;
import static io.tcpwhy.model.DiagnosisCode.IDLE_FORGOTTEN;
import static io.tcpwhy.model.DiagnosisCode.PEER_UNREACHABLE;
import static io.tcpwhy.model.DiagnosisCode.SERVER_GAVE_UP;
import static io.tcpwhy.model.DiagnosisCode.STALE_POOLED_CONNECTION;
import static io.tcpwhy.model.SocketCall.CONNECT;
import static io.tcpwhy.model.SocketCall.READ;
import static io.tcpwhy.model.SocketCall.WRITE;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.SocketCall;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The error texts tcpwhy understands, as one table: the pattern, what it means (the call's
 * result and errno, or an action of the program's own that leaves nothing on the wire), the
 * call it comes from when the text alone tells, the runtime or program that prints it that
 * way, a real line as that program prints it, and the production diagnoses it typically
 * goes with. The first row that matches wins, so program-specific texts come before the
 * system's own wording they often wrap. Adding a text is one row here and one line in
 * ErrorTextsTest. Error numbers are Linux's (errno(3)) and Winsock's (winerror.h).
 */
final class ErrorTexts {

    /**
     * What a text means.
     *
     * @param result        the call's result as the capture predicts it; null for an own action
     * @param own           the program's own action behind the text, null when the wire shows the cause
     * @param errno         the errno (or other source) behind the text, as people search for it
     * @param closeOrReset  the program reports the peer's FIN and its RST with the same text
     * @param fallback      what the text means when the capture shows no peer close: the program's own action
     * @param note          a caveat about how the runtime reports it, else null
     */
    record Meaning(CallResult result, OwnAction own, String errno, boolean closeOrReset, OwnAction fallback,
                   String note) {
    }

    /** One understood text; {@code call} is null when the text does not say. */
    record Phrase(Pattern pattern, Meaning meaning, SocketCall call, ErrorRuntime runtime, String example,
                  Set<DiagnosisCode> fits) {

        Phrase {
            fits = fits.isEmpty() ? Set.of() : Set.copyOf(fits);
        }

        CallResult result() {
            return meaning.result();
        }

        String note() {
            return meaning.note();
        }
    }

    /** Winsock reports its own abort (10053) where Linux reports a reset or EOF; say so. */
    static final String ABORT_NOTE = "Windows reports WSAECONNABORTED (10053) when its own stack dropped the connection,"
            + " most often because the data it sent was answered with RST; tcpwhy reads it as a reset";

    // Linux errno values (asm-generic/errno-base.h, errno.h) and Winsock codes (winerror.h).
    private static final int ERRNO_EPIPE = 32;
    private static final int ERRNO_ECONNABORTED = 103;
    private static final int ERRNO_ECONNRESET = 104;
    private static final int ERRNO_ETIMEDOUT = 110;
    private static final int ERRNO_ECONNREFUSED = 111;
    static final int WSAECONNABORTED = 10053;
    static final int WSAECONNRESET = 10054;
    static final int WSAENOBUFS = 10055;
    static final int WSAETIMEDOUT = 10060;
    static final int WSAECONNREFUSED = 10061;

    private static final Meaning RESET = wire(CallResult.ECONNRESET, "ECONNRESET (104), WSAECONNRESET (10054)");
    private static final Meaning ABORTED = new Meaning(CallResult.ECONNRESET, null,
            "ECONNABORTED (103), WSAECONNABORTED (10053)", false, null, ABORT_NOTE);
    private static final Meaning PIPE = wire(CallResult.EPIPE, "EPIPE (32)");
    private static final Meaning REFUSED = wire(CallResult.ECONNREFUSED, "ECONNREFUSED (111), WSAECONNREFUSED (10061)");
    private static final Meaning GAVE_UP = wire(CallResult.ETIMEDOUT,
            "ETIMEDOUT (110), WSAETIMEDOUT (10060): the kernel stopped retransmitting");
    private static final Meaning DEADLINE = wire(CallResult.ETIMEDOUT, "no errno: the program's own timeout fired");
    private static final Meaning AGAIN = wire(CallResult.ETIMEDOUT, "EAGAIN (11): SO_RCVTIMEO or SO_SNDTIMEO expired");
    private static final Meaning END = wire(CallResult.EOF, "read returned 0 (EOF)");
    private static final Meaning PEER_CLOSED = new Meaning(CallResult.EOF, null,
            "EOF or ECONNRESET: the program reports the peer's FIN and RST alike", true, null, null);
    private static final Meaning HUNG_UP = new Meaning(CallResult.EOF, null,
            "EOF or ECONNRESET (Node sets code ECONNRESET), or the program's own destroy()", true,
            OwnAction.ABORTED_BY_SELF, null);
    private static final Meaning CLOSED = own(OwnAction.CLOSED_BY_SELF, "EBADF (9), Go net.ErrClosed");
    private static final Meaning NOT_CONNECTED = own(OwnAction.NOT_CONNECTED, "ENOTCONN (107)");
    private static final Meaning NO_PORT = own(OwnAction.PORT_EXHAUSTION, "EADDRNOTAVAIL (99), WSAENOBUFS (10055)");
    private static final Meaning UNREACHABLE = own(OwnAction.NETWORK_UNREACHABLE,
            "ENETUNREACH (101), EHOSTUNREACH (113)");
    private static final Meaning DOWN = own(OwnAction.NETWORK_DOWN, "ENETDOWN (100)");

    /** A request the server never answered: the production diagnoses behind "closed without response". */
    private static final Set<DiagnosisCode> UNANSWERED = EnumSet.of(SERVER_GAVE_UP, STALE_POOLED_CONNECTION);
    private static final Set<DiagnosisCode> IDLE = EnumSet.of(STALE_POOLED_CONNECTION, IDLE_FORGOTTEN);
    /** A peer that stopped answering: forgotten by a middlebox, gone, or its accept queue full. */
    private static final Set<DiagnosisCode> DEAD_PEER = EnumSet.of(PEER_UNREACHABLE, IDLE_FORGOTTEN,
            ACCEPT_QUEUE_OVERFLOW);
    private static final Set<DiagnosisCode> NONE = Set.of();

    static final List<Phrase> PHRASES = List.of(
            // curl: exit code and text (libcurl's curl_easy_strerror).
            re("curl: \\(7\\).*timed out", GAVE_UP, CONNECT, ErrorRuntime.CURL,
                    "curl: (7) Failed to connect to 10.0.0.5 port 8080 after 129406 ms: Connection timed out", DEAD_PEER),
            re("curl: \\(7\\).*(?:Network is unreachable|No route to host)", UNREACHABLE, CONNECT, ErrorRuntime.CURL,
                    "curl: (7) Failed to connect to 10.0.0.5 port 8080 after 3 ms: No route to host", NONE),
            re("curl: \\(7\\)|Couldn't connect to server", REFUSED, CONNECT, ErrorRuntime.CURL,
                    "curl: (7) Failed to connect to 10.0.0.5 port 8080 after 0 ms: Couldn't connect to server", NONE),
            re("curl: \\(28\\) (?:Connection|Connect|Resolving)|Connection timed out after \\d+ milliseconds",
                    DEADLINE, CONNECT, ErrorRuntime.CURL,
                    "curl: (28) Connection timed out after 5001 milliseconds", NONE),
            re("curl: \\(28\\)|Operation timed out after \\d+ milliseconds|Timeout was reached", DEADLINE, READ,
                    ErrorRuntime.CURL,
                    "curl: (28) Operation timed out after 5000 milliseconds with 0 bytes received", DEAD_PEER),
            re("curl: \\(52\\)|Empty reply from server", END, READ, ErrorRuntime.CURL,
                    "curl: (52) Empty reply from server", UNANSWERED),
            re("curl: \\(56\\)|Recv failure: Connection reset by peer", RESET, READ, ErrorRuntime.CURL,
                    "curl: (56) Recv failure: Connection reset by peer", IDLE),
            re("curl: \\(55\\)|Send failure: Broken pipe", PIPE, WRITE, ErrorRuntime.CURL,
                    "curl: (55) Send failure: Broken pipe", NONE),
            // nginx error.log: nginx's own timers print errno 110 too, so "timed out" here is a deadline.
            words("upstream prematurely closed connection", PEER_CLOSED, READ, ErrorRuntime.NGINX,
                    "2024/03/01 10:00:00 [error] 31#31: *4021 upstream prematurely closed connection while reading"
                            + " response header from upstream, client: 10.0.0.9, server: _, request: \"GET / HTTP/1.1\","
                            + " upstream: \"http://10.0.0.5:8080/\"", UNANSWERED),
            words("client prematurely closed connection", PEER_CLOSED, READ, ErrorRuntime.NGINX,
                    "2024/03/01 10:00:00 [info] 31#31: *4022 client prematurely closed connection while reading client"
                            + " request body, client: 10.0.0.9, server: _", NONE),
            words("upstream timed out", DEADLINE, null, ErrorRuntime.NGINX,
                    "2024/03/01 10:00:00 [error] 31#31: *4023 upstream timed out (110: Connection timed out) while"
                            + " reading response header from upstream, client: 10.0.0.9, server: _,"
                            + " upstream: \"http://10.0.0.5:8080/\"", DEAD_PEER),
            words("client timed out", DEADLINE, READ, ErrorRuntime.NGINX,
                    "2024/03/01 10:00:00 [info] 31#31: *4024 client timed out (110: Connection timed out) while"
                            + " waiting for request, client: 10.0.0.9, server: 0.0.0.0:80", NONE),
            // Envoy: the text it sends and logs, and the access log's response flags.
            re("reset reason: connection failure", REFUSED, CONNECT, ErrorRuntime.ENVOY,
                    "upstream connect error or disconnect/reset before headers. reset reason: connection failure", NONE),
            re("reset reason: connection timeout", DEADLINE, CONNECT, ErrorRuntime.ENVOY,
                    "upstream connect error or disconnect/reset before headers. reset reason: connection timeout", NONE),
            re("upstream connect error or disconnect/reset before headers", PEER_CLOSED, READ, ErrorRuntime.ENVOY,
                    "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
                    UNANSWERED),
            re("\"\\s\\d{3}\\s(?:[A-Z]{2,4},)*UC\\b", PEER_CLOSED, READ, ErrorRuntime.ENVOY,
                    "[2024-03-01T10:00:00.000Z] \"GET / HTTP/1.1\" 503 UC 0 95 3 - \"-\" \"curl/8.5.0\" \"7f3c\""
                            + " \"example.com\" \"10.0.0.5:8080\"", UNANSWERED),
            re("\"\\s\\d{3}\\s(?:[A-Z]{2,4},)*(?:UF|URX)\\b", REFUSED, CONNECT, ErrorRuntime.ENVOY,
                    "[2024-03-01T10:00:00.000Z] \"GET / HTTP/1.1\" 503 UF,URX 0 91 1 - \"-\" \"curl/8.5.0\" \"7f3d\""
                            + " \"example.com\" \"10.0.0.5:8080\"", NONE),
            // HAProxy HTTP log: the two-letter session state ("S" server, "C" client; "H" headers, "D" data).
            re("\\s(?:SH|SD)--\\s", PEER_CLOSED, READ, ErrorRuntime.HAPROXY,
                    "haproxy[211]: 10.0.0.9:56795 [01/Mar/2024:10:00:00.000] fe be/srv1 0/0/0/-1/2 502 204 - - SH--"
                            + " 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", UNANSWERED),
            re("\\sSC--\\s", REFUSED, CONNECT, ErrorRuntime.HAPROXY,
                    "haproxy[211]: 10.0.0.9:56795 [01/Mar/2024:10:00:00.000] fe be/srv1 0/0/-1/-1/0 503 217 - - SC--"
                            + " 1/1/0/0/3 0/0 \"GET / HTTP/1.1\"", NONE),
            re("\\ssC--\\s", DEADLINE, CONNECT, ErrorRuntime.HAPROXY,
                    "haproxy[211]: 10.0.0.9:56795 [01/Mar/2024:10:00:05.000] fe be/srv1 0/0/-1/-1/5000 503 217 - - sC--"
                            + " 1/1/0/0/3 0/0 \"GET / HTTP/1.1\"", NONE),
            re("\\ssH--\\s", DEADLINE, READ, ErrorRuntime.HAPROXY,
                    "haproxy[211]: 10.0.0.9:56795 [01/Mar/2024:10:00:30.000] fe be/srv1 0/0/0/-1/30000 504 194 - -"
                            + " sH-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", DEAD_PEER),
            re("\\sCD--\\s", PEER_CLOSED, READ, ErrorRuntime.HAPROXY,
                    "haproxy[211]: 10.0.0.9:56795 [01/Mar/2024:10:00:00.000] fe be/srv1 0/0/0/5/100 200 1024 - - CD--"
                            + " 1/1/0/0/0 0/0 \"GET /big HTTP/1.1\"", NONE),
            // Node.js and undici.
            words("socket hang up", HUNG_UP, READ, ErrorRuntime.NODE, "Error: socket hang up", UNANSWERED),
            re("ConnectTimeoutError: Connect Timeout Error|UND_ERR_CONNECT_TIMEOUT", DEADLINE, CONNECT, ErrorRuntime.NODE,
                    "ConnectTimeoutError: Connect Timeout Error (attempted address: 10.0.0.5:8080, timeout: 10000ms)",
                    NONE),
            re("HeadersTimeoutError|UND_ERR_HEADERS_TIMEOUT|BodyTimeoutError|UND_ERR_BODY_TIMEOUT", DEADLINE, READ,
                    ErrorRuntime.NODE, "HeadersTimeoutError: Headers Timeout Error", DEAD_PEER),
            re("other side closed|UND_ERR_SOCKET", PEER_CLOSED, READ, ErrorRuntime.NODE,
                    "SocketError: other side closed", UNANSWERED),
            words("This socket has been ended by the other party", PIPE, WRITE, ErrorRuntime.NODE,
                    "Error: This socket has been ended by the other party", NONE),
            // Python: http.client, requests/urllib3, asyncio.
            re("RemoteDisconnected|Remote end closed connection without response", END, READ, ErrorRuntime.PYTHON,
                    "http.client.RemoteDisconnected: Remote end closed connection without response", UNANSWERED),
            re("\\bReadTimeout(?:Error)?\\b|Read timed out\\. \\(read timeout=", DEADLINE, READ, ErrorRuntime.PYTHON,
                    "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='10.0.0.5', port=8080): Read timed out."
                            + " (read timeout=3)", DEAD_PEER),
            re("\\bConnectTimeout(?:Error)?\\b|\\(connect timeout=", DEADLINE, CONNECT, ErrorRuntime.PYTHON,
                    "requests.exceptions.ConnectTimeout: HTTPConnectionPool(host='10.0.0.5', port=81): Max retries"
                            + " exceeded with url: / (Caused by ConnectTimeoutError(<urllib3.connection.HTTPConnection"
                            + " object at 0x7f2b>, 'Connection to 10.0.0.5 timed out. (connect timeout=3)'))", NONE),
            re("ConnectionResetError: Connection lost", PIPE, WRITE, ErrorRuntime.PYTHON,
                    "ConnectionResetError: Connection lost", NONE),
            // JVM clients and drivers.
            re("HttpConnectTimeoutException", DEADLINE, CONNECT, ErrorRuntime.JAVA,
                    "java.net.http.HttpConnectTimeoutException: HTTP connect timed out", NONE),
            re("HttpTimeoutException", DEADLINE, READ, ErrorRuntime.JAVA,
                    "java.net.http.HttpTimeoutException: request timed out", DEAD_PEER),
            re("SocketTimeoutException: timeout\\b", DEADLINE, READ, ErrorRuntime.JAVA,
                    "java.net.SocketTimeoutException: timeout", DEAD_PEER),
            re("unexpected end of stream", END, READ, ErrorRuntime.JAVA,
                    "java.io.IOException: unexpected end of stream on http://10.0.0.5:8080/...", UNANSWERED),
            re("NoHttpResponseException", END, READ, ErrorRuntime.JAVA,
                    "org.apache.http.NoHttpResponseException: 10.0.0.5:8080 failed to respond", UNANSWERED),
            re("\\b(?:recvAddress|readAddress|read)\\(\\.\\.\\) failed: Connection reset by peer", RESET, READ,
                    ErrorRuntime.JAVA, "io.netty.channel.unix.Errors$NativeIoException: recvAddress(..) failed:"
                            + " Connection reset by peer", IDLE),
            re("\\b(?:writeAddress|writevAddresses|sendAddress|write|writev)\\(\\.\\.\\) failed: Broken pipe", PIPE, WRITE,
                    ErrorRuntime.JAVA, "io.netty.channel.unix.Errors$NativeIoException: writevAddresses(..) failed:"
                            + " Broken pipe", NONE),
            words("An I/O error occurred while sending to the backend", PEER_CLOSED, null, ErrorRuntime.JAVA,
                    "org.postgresql.util.PSQLException: An I/O error occurred while sending to the backend.",
                    EnumSet.of(STALE_POOLED_CONNECTION, IDLE_FORGOTTEN, SERVER_GAVE_UP)),
            re("java\\.net\\.SocketException: Socket (?:is )?closed", CLOSED, null, ErrorRuntime.JAVA,
                    "java.net.SocketException: Socket closed", NONE),
            // Databases.
            words("server closed the connection unexpectedly", PEER_CLOSED, READ, ErrorRuntime.POSTGRESQL,
                    "psql: error: server closed the connection unexpectedly", UNANSWERED),
            re("Lost connection to MySQL server|\\b2013 \\(HY000\\)", PEER_CLOSED, READ, ErrorRuntime.MYSQL,
                    "ERROR 2013 (HY000): Lost connection to MySQL server during query",
                    EnumSet.of(SERVER_GAVE_UP, IDLE_FORGOTTEN)),
            re("MySQL server has gone away|\\b2006 \\(HY000\\)", PEER_CLOSED, null, ErrorRuntime.MYSQL,
                    "ERROR 2006 (HY000): MySQL server has gone away", IDLE),
            words("Server closed the connection", PEER_CLOSED, READ, ErrorRuntime.REDIS,
                    "Error: Server closed the connection", IDLE),
            // .NET wordings that carry no system text.
            words("Unable to read data from the transport connection", RESET, READ, ErrorRuntime.DOTNET,
                    "System.IO.IOException: Unable to read data from the transport connection: Connection reset by"
                            + " peer.", IDLE),
            words("Unable to write data to the transport connection", PIPE, WRITE, ErrorRuntime.DOTNET,
                    "System.IO.IOException: Unable to write data to the transport connection: Broken pipe.", NONE),
            // Own actions and the local host: nothing on the wire.
            words("use of closed network connection", CLOSED, null, ErrorRuntime.GO,
                    "read tcp 127.0.0.1:63482->127.0.0.1:8081: use of closed network connection", NONE),
            words("Bad file descriptor", CLOSED, null, ErrorRuntime.C, "recv: Bad file descriptor", NONE),
            re("(?i)socket is not connected|Transport endpoint is not connected|\\bENOTCONN\\b", NOT_CONNECTED, null,
                    ErrorRuntime.C, "shutdown: socket is not connected", NONE),
            re("(?i)cannot assign requested address|\\bEADDRNOTAVAIL\\b|Address not available", NO_PORT, CONNECT,
                    ErrorRuntime.C, "dial tcp 10.0.0.5:8080: connect: cannot assign requested address", NONE),
            re("WSAENOBUFS|(?<![\\d.:])" + WSAENOBUFS + "(?!\\d)|lacked sufficient buffer space", NO_PORT, CONNECT,
                    ErrorRuntime.WINDOWS, "connect failed: WSAENOBUFS (" + WSAENOBUFS + ")", NONE),
            re("(?i)network is unreachable|no route to host|\\bENETUNREACH\\b|\\bEHOSTUNREACH\\b", UNREACHABLE,
                    CONNECT, ErrorRuntime.C, "dial tcp 10.0.0.5:8080: connect: network is unreachable", NONE),
            re("(?i)network is down|\\bENETDOWN\\b", DOWN, null, ErrorRuntime.C,
                    "write tcp 10.0.0.9:56795->10.0.0.5:8080: write: network is down", NONE),
            // Windows wordings (FormatMessage) and codes.
            words("An existing connection was forcibly closed by the remote host", RESET, null, ErrorRuntime.WINDOWS,
                    "wsarecv: An existing connection was forcibly closed by the remote host.", IDLE),
            words("An established connection was aborted by the software in your host machine", ABORTED, null,
                    ErrorRuntime.WINDOWS,
                    "wsarecv: An established connection was aborted by the software in your host machine.", NONE),
            words("target machine actively refused it", REFUSED, CONNECT, ErrorRuntime.WINDOWS,
                    "No connection could be made because the target machine actively refused it.", NONE),
            words("did not properly respond after a period of time", GAVE_UP, null, ErrorRuntime.WINDOWS,
                    "A connection attempt failed because the connected party did not properly respond after a period"
                            + " of time", DEAD_PEER),
            re("WSAECONNABORTED|(?<![\\d.:])" + WSAECONNABORTED + "(?!\\d)", ABORTED, null, ErrorRuntime.WINDOWS,
                    "recv err=" + WSAECONNABORTED, NONE),
            re("WSAECONNRESET|(?<![\\d.:])" + WSAECONNRESET + "(?!\\d)", RESET, null, ErrorRuntime.WINDOWS,
                    "System.Net.Sockets.SocketException (" + WSAECONNRESET + "): Connection reset by peer", IDLE),
            re("WSAETIMEDOUT|(?<![\\d.:])" + WSAETIMEDOUT + "(?!\\d)", GAVE_UP, null, ErrorRuntime.WINDOWS,
                    "connect failed: WSAETIMEDOUT (" + WSAETIMEDOUT + ")", DEAD_PEER),
            re("WSAECONNREFUSED|(?<![\\d.:])" + WSAECONNREFUSED + "(?!\\d)", REFUSED, CONNECT, ErrorRuntime.WINDOWS,
                    "connect failed: WSAECONNREFUSED (" + WSAECONNREFUSED + ")", NONE),
            // The system's own wording (strerror) and names, wherever a program prints them.
            words("Software caused connection abort", ABORTED, null, ErrorRuntime.C,
                    "java.net.SocketException: Software caused connection abort: recv failed", NONE),
            words("connection reset by peer", RESET, null, ErrorRuntime.C, "read: connection reset by peer", IDLE),
            words("Connection reset", RESET, null, ErrorRuntime.JAVA, "java.net.SocketException: Connection reset",
                    IDLE),
            words("broken pipe", PIPE, WRITE, ErrorRuntime.C, "write: broken pipe", NONE),
            words("connection refused", REFUSED, CONNECT, ErrorRuntime.C, "connect: connection refused", NONE),
            words("Connect timed out", DEADLINE, CONNECT, ErrorRuntime.JAVA,
                    "java.net.SocketTimeoutException: Connect timed out", NONE),
            words("Read timed out", DEADLINE, READ, ErrorRuntime.JAVA, "java.net.SocketTimeoutException: Read timed out",
                    DEAD_PEER),
            words("connection timed out", GAVE_UP, null, ErrorRuntime.C, "connect: connection timed out", DEAD_PEER),
            words("i/o timeout", DEADLINE, null, ErrorRuntime.GO, "read tcp 10.0.0.9:56795->10.0.0.5:8080: i/o timeout", NONE),
            words("Resource temporarily unavailable", AGAIN, null, ErrorRuntime.C,
                    "read: Resource temporarily unavailable", NONE),
            re("\\bECONNRESET\\b", RESET, null, ErrorRuntime.C, "Error: read ECONNRESET", IDLE),
            re("\\bEPIPE\\b", PIPE, WRITE, ErrorRuntime.C, "Error: write EPIPE", NONE),
            re("\\bECONNREFUSED\\b", REFUSED, CONNECT, ErrorRuntime.C, "Error: connect ECONNREFUSED 127.0.0.1:8080", NONE),
            re("\\bETIMEDOUT\\b", GAVE_UP, null, ErrorRuntime.C, "Error: connect ETIMEDOUT 10.0.0.5:443", DEAD_PEER),
            re("\\bECONNABORTED\\b", ABORTED, null, ErrorRuntime.C, "Error: read ECONNABORTED", NONE),
            errno(ERRNO_ECONNRESET, RESET, null),
            errno(ERRNO_EPIPE, PIPE, WRITE),
            errno(ERRNO_ECONNREFUSED, REFUSED, CONNECT),
            errno(ERRNO_ETIMEDOUT, GAVE_UP, null),
            errno(ERRNO_ECONNABORTED, ABORTED, null),
            re("\\bsocket\\.timeout\\b|\\bTimeoutError\\b", DEADLINE, null, ErrorRuntime.PYTHON,
                    "socket.timeout: timed out", NONE),
            re("java\\.io\\.EOFException", END, READ, ErrorRuntime.JAVA, "java.io.EOFException", UNANSWERED),
            re("(?:^|[\\s=:])(?:unexpected )?EOF\\s*$", END, READ, ErrorRuntime.GO, "2019/05/30 17:02:44.259:handlerClient err3=EOF", NONE));

    private ErrorTexts() {
    }

    private static Meaning wire(CallResult result, String errno) {
        return new Meaning(result, null, errno, false, null, null);
    }

    private static Meaning own(OwnAction action, String errno) {
        return new Meaning(null, action, errno, false, null, null);
    }

    /** Literal words, any case. */
    private static Phrase words(String words, Meaning meaning, SocketCall call, ErrorRuntime runtime, String example,
                                Set<DiagnosisCode> fits) {
        return new Phrase(Pattern.compile(Pattern.quote(words), Pattern.CASE_INSENSITIVE), meaning, call, runtime,
                example, fits);
    }

    /** A regular expression, case as written (program names and codes are case-sensitive). */
    private static Phrase re(String regex, Meaning meaning, SocketCall call, ErrorRuntime runtime, String example,
                             Set<DiagnosisCode> fits) {
        return new Phrase(Pattern.compile(regex), meaning, call, runtime, example, fits);
    }

    /** {@code errno 104}, {@code errno=104}, {@code [Errno 104]}, {@code errno: -104} (Node prints it negated). */
    private static Phrase errno(int number, Meaning meaning, SocketCall call) {
        return new Phrase(Pattern.compile("errno\\W{0,3}-?" + number + "(?!\\d)", Pattern.CASE_INSENSITIVE), meaning,
                call, ErrorRuntime.C, "send() failed: errno " + number, NONE);
    }
}
