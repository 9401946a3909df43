package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.net.Endpoint;
import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text of issue 8 as the program prints it, then every row of the table with its own
 * example, bare and behind the prefixes and time stamps that loggers add.
 */
class ErrorTextsTest {

    /** What loggers put before the program's text; the first three carry a time {@link LogTime} reads. */
    private static final String[] PREFIXES = {
        "2024/03/01 10:00:00.123 ",
        "2024-03-01T10:00:00.123Z ERROR [main] c.e.Client - ",
        "[2024-03-01 10:00:00,123] WARN ",
        "Mar  1 10:00:00 web1 app[4321]: ",
    };

    private static String means(ErrorLine e) {
        return e.result() != null ? e.result().name() : e.own().wire();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // The seeds' texts.
        "127.0.0.1:63482->127.0.0.1:8081: use of closed network connection | GO | closed_by_self | ",
        "read tcp 127.0.0.1:63482->127.0.0.1:8081: use of closed network connection | GO | closed_by_self | READ",
        "shutdown: socket is not connected | C | not_connected | ",
        "dial tcp 10.0.0.5:443: connect: network is unreachable | GO | network_unreachable | CONNECT",
        "dial tcp 10.0.0.5:8080: connect: cannot assign requested address | GO | port_exhaustion | CONNECT",
        "write tcp 10.0.0.9:56795->10.0.0.5:8080: write: network is down | GO | network_down | WRITE",
        // Python.
        "http.client.RemoteDisconnected: Remote end closed connection without response | PYTHON | EOF | READ",
        "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response')) | PYTHON | EOF | READ",
        "urllib3.exceptions.ProtocolError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')) | PYTHON | ECONNRESET | ",
        "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='10.0.0.5', port=8080): Read timed out. (read timeout=3) | PYTHON | ETIMEDOUT | READ",
        "requests.exceptions.ConnectTimeout: HTTPConnectionPool(host='10.0.0.5', port=81): Max retries exceeded with url: / (Caused by ConnectTimeoutError(<urllib3.connection.HTTPConnection object at 0x7f2b>, 'Connection to 10.0.0.5 timed out. (connect timeout=3)')) | PYTHON | ETIMEDOUT | CONNECT",
        "ConnectionResetError: Connection lost | PYTHON | EPIPE | WRITE",
        "TimeoutError: timed out | PYTHON | ETIMEDOUT | ",
        // Node.js and undici.
        "Error: socket hang up | NODE | EOF | READ",
        "ConnectTimeoutError: Connect Timeout Error (attempted address: 10.0.0.5:8080, timeout: 10000ms) | NODE | ETIMEDOUT | CONNECT",
        "SocketError: other side closed | NODE | EOF | READ",
        "Error: read ECONNRESET | NODE | ECONNRESET | READ",
        "Error: write EPIPE | NODE | EPIPE | WRITE",
        "Error: connect ETIMEDOUT 10.0.0.5:443 | NODE | ETIMEDOUT | CONNECT",
        // curl.
        "curl: (7) Failed to connect to 10.0.0.5 port 8080 after 0 ms: Couldn't connect to server | CURL | ECONNREFUSED | CONNECT",
        "curl: (7) Failed to connect to 10.0.0.5 port 8080: Connection refused | CURL | ECONNREFUSED | CONNECT",
        "curl: (28) Operation timed out after 5000 milliseconds with 0 bytes received | CURL | ETIMEDOUT | READ",
        "curl: (28) Connection timed out after 5001 milliseconds | CURL | ETIMEDOUT | CONNECT",
        "curl: (28) Timeout was reached | CURL | ETIMEDOUT | READ",
        "curl: (52) Empty reply from server | CURL | EOF | READ",
        "curl: (56) Recv failure: Connection reset by peer | CURL | ECONNRESET | READ",
        // nginx error.log.
        "`2024/03/01 10:00:00 [error] 31#31: *4021 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.9, server: _, request: \"GET / HTTP/1.1\", upstream: \"http://10.0.0.5:8080/\"` | NGINX | EOF | READ",
        "2024/03/01 10:00:00 [info] 31#31: *4022 client prematurely closed connection while reading client request body, client: 10.0.0.9, server: _ | NGINX | EOF | READ",
        "`2024/03/01 10:00:00 [error] 31#31: *4025 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.9, server: _, upstream: \"http://10.0.0.5:8080/\"` | NGINX | ECONNREFUSED | CONNECT",
        "`2024/03/01 10:00:00 [error] 31#31: *4023 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.9, server: _, upstream: \"http://10.0.0.5:8080/\"` | NGINX | ETIMEDOUT | READ",
        "`2024/03/01 10:00:00 [error] 31#31: *4026 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.0.0.9, server: _, upstream: \"http://10.0.0.5:8080/\"` | NGINX | ECONNRESET | READ",
        "2024/03/01 10:00:00 [info] 31#31: *4024 client timed out (110: Connection timed out) while waiting for request, client: 10.0.0.9, server: 0.0.0.0:80 | NGINX | ETIMEDOUT | READ",
        // Envoy and HAProxy.
        "upstream connect error or disconnect/reset before headers. reset reason: connection termination | ENVOY | EOF | READ",
        "upstream connect error or disconnect/reset before headers. reset reason: connection failure | ENVOY | ECONNREFUSED | CONNECT",
        "`[2024-03-01T10:00:00.000Z] \"GET / HTTP/1.1\" 503 UC 0 95 3 - \"-\" \"curl/8.5.0\" \"7f3c\" \"example.com\" \"10.0.0.5:8080\"` | ENVOY | EOF | READ",
        "`[2024-03-01T10:00:00.000Z] \"GET / HTTP/1.1\" 503 UF 0 91 1 - \"-\" \"curl/8.5.0\" \"7f3d\" \"example.com\" \"10.0.0.5:8080\"` | ENVOY | ECONNREFUSED | CONNECT",
        "`[2024-03-01T10:00:00.000Z] \"GET / HTTP/1.1\" 503 URX 0 91 1 - \"-\" \"curl/8.5.0\" \"7f3e\" \"example.com\" \"10.0.0.5:8080\"` | ENVOY | ECONNREFUSED | CONNECT",
        "`haproxy[211]: 10.0.0.9:56795 [01/Mar/2024:10:00:00.000] fe be/srv1 0/0/0/-1/2 502 204 - - SH-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"` | HAPROXY | EOF | READ",
        // redis-cli, netcat, socat.
        "Error: Server closed the connection | REDIS | EOF | READ",
        "Could not connect to Redis at 127.0.0.1:6379: Connection refused | REDIS | ECONNREFUSED | CONNECT",
        "nc: connect to 10.0.0.5 port 8080 (tcp) failed: Connection refused | NETCAT | ECONNREFUSED | CONNECT",
        "Ncat: Connection refused. | NETCAT | ECONNREFUSED | CONNECT",
        "2024/03/01 10:00:00 socat[1234] E connect(5, AF=2 10.0.0.5:8080, 16): Connection refused | SOCAT | ECONNREFUSED | CONNECT",
        "2024/03/01 10:00:00 socat[1234] E read(6, 0x55d0c8a2f000, 8192): Connection reset by peer | SOCAT | ECONNRESET | READ",
        // JVM clients.
        "java.net.SocketTimeoutException: timeout | JAVA | ETIMEDOUT | READ",
        "java.io.IOException: unexpected end of stream on http://10.0.0.5:8080/... | JAVA | EOF | READ",
        "org.apache.http.NoHttpResponseException: 10.0.0.5:8080 failed to respond | JAVA | EOF | READ",
        "io.netty.channel.unix.Errors$NativeIoException: recvAddress(..) failed: Connection reset by peer | JAVA | ECONNRESET | READ",
        "java.net.http.HttpTimeoutException: request timed out | JAVA | ETIMEDOUT | READ",
        "java.net.http.HttpConnectTimeoutException: HTTP connect timed out | JAVA | ETIMEDOUT | CONNECT",
        "java.net.SocketException: Socket closed | JAVA | closed_by_self | ",
        // Databases.
        "psql: error: server closed the connection unexpectedly | POSTGRESQL | EOF | READ",
        "ERROR 2013 (HY000): Lost connection to MySQL server during query | MYSQL | EOF | READ",
        "ERROR 2006 (HY000): MySQL server has gone away | MYSQL | EOF | ",
        "org.postgresql.util.PSQLException: An I/O error occurred while sending to the backend. | JAVA | EOF | WRITE",
        // .NET, Rust, C.
        "System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host. | DOTNET | ECONNRESET | ",
        "System.IO.IOException: Unable to read data from the transport connection: Connection reset by peer. | DOTNET | ECONNRESET | READ",
        "Connection reset by peer (os error 104) | RUST | ECONNRESET | ",
        "Error: Os { code: 32, kind: BrokenPipe, message: \"Broken pipe\" } | C | EPIPE | WRITE",
        "read: Resource temporarily unavailable | C | ETIMEDOUT | READ",
    })
    void understandsWhatRealProgramsPrint(String line, ErrorRuntime runtime, String means, SocketCall call)
            throws Exception {
        ErrorLine e = ErrorLine.parse(line);
        assertEquals(runtime, e.runtime(), "runtime of " + line);
        assertEquals(means, means(e), "meaning of " + line);
        assertEquals(call, e.call(), "call of " + line);
        for (String prefix : PREFIXES) {
            ErrorLine prefixed = ErrorLine.parse(prefix + line);
            assertEquals(means, means(prefixed), "meaning behind '" + prefix + "'");
            assertEquals(call, prefixed.call(), "call behind '" + prefix + "'");
        }
    }

    static Stream<ErrorTexts.Phrase> rows() {
        return ErrorTexts.PHRASES.stream();
    }

    /** Each row's example is matched first by that row: the order of the table does not shadow it. */
    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("rows")
    void everyRowUnderstandsItsOwnExampleBareAndBehindPrefixes(ErrorTexts.Phrase row) throws Exception {
        assertSame(row, firstMatch(row.example()), "first row matching " + row.example());
        for (String prefix : PREFIXES) {
            assertSame(row, firstMatch(prefix + row.example()), "first row matching '" + prefix + row.example() + "'");
            ErrorLine e = ErrorLine.parse(prefix + row.example());
            assertEquals(row.meaning().result(), e.result());
            assertEquals(row.meaning().own(), e.own());
        }
        assertNotNull(row.meaning().errno());
    }

    @Test
    void timeStampsBeforeTheProgramsTextAreRead() throws Exception {
        for (String prefix : new String[] {PREFIXES[0], PREFIXES[1], PREFIXES[2]}) {
            ErrorLine e = ErrorLine.parse(prefix + "Error: socket hang up");
            assertEquals(LocalDateTime.of(2024, 3, 1, 10, 0, 0, 123_000_000), e.loggedAt().local(), prefix);
        }
    }

    @Test
    void programsThatNameThePeerGiveItsAddress() throws Exception {
        String[] lines = {
            "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='10.0.0.5', port=8080): Read timed out."
                    + " (read timeout=3)",
            "2024/03/01 10:00:00 [error] 31#31: *1 upstream prematurely closed connection while reading response"
                    + " header from upstream, client: 10.0.0.9, server: _, upstream: \"http://10.0.0.5:8080/\"",
            "ConnectTimeoutError: Connect Timeout Error (attempted address: 10.0.0.5:8080, timeout: 10000ms)",
            "org.apache.http.NoHttpResponseException: 10.0.0.5:8080 failed to respond",
            "curl: (7) Failed to connect to 10.0.0.5 port 8080 after 0 ms: Couldn't connect to server",
            "nc: connect to 10.0.0.5 port 8080 (tcp) failed: Connection refused",
            "2024/03/01 10:00:00 socat[1234] E connect(5, AF=2 10.0.0.5:8080, 16): Connection refused",
        };
        for (String line : lines) {
            assertEquals(Endpoint.parse("10.0.0.5:8080"), ErrorLine.parse(line).remote(), line);
        }
    }

    @Test
    void hostNamesKeepOnlyThePort() throws Exception {
        ErrorLine e = ErrorLine.parse("requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com',"
                + " port=443): Read timed out. (read timeout=10)");
        assertEquals(null, e.remote());
        assertEquals(443, e.remotePort());
    }

    @Test
    void textsThatGoWithProductionDiagnosesSaySo() throws Exception {
        assertTrue(ErrorLine.parse("Error: socket hang up").fits().contains(DiagnosisCode.SERVER_GAVE_UP));
        assertTrue(ErrorLine.parse("Error: socket hang up").fits().contains(DiagnosisCode.STALE_POOLED_CONNECTION));
        assertTrue(ErrorLine.parse("http.client.RemoteDisconnected: Remote end closed connection without response")
                .fits().contains(DiagnosisCode.STALE_POOLED_CONNECTION));
        assertTrue(ErrorLine.parse("psql: error: server closed the connection unexpectedly").fits()
                .contains(DiagnosisCode.SERVER_GAVE_UP));
        assertTrue(ErrorLine.parse("connect: connection timed out").fits().contains(DiagnosisCode.PEER_UNREACHABLE));
        assertEquals(OwnAction.ABORTED_BY_SELF, ErrorLine.parse("Error: socket hang up").fallback());
        assertTrue(ErrorLine.parse("Error: socket hang up").closeOrReset());
        assertEquals(CallResult.EOF, ErrorLine.parse("Error: socket hang up").result());
    }

    private static ErrorTexts.Phrase firstMatch(String line) {
        for (ErrorTexts.Phrase p : ErrorTexts.PHRASES) {
            if (p.pattern().matcher(line).find()) {
                return p;
            }
        }
        return null;
    }
}
