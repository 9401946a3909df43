package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.net.Endpoint;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorLineTest {

    private static ErrorLine parse(String line) throws ExplainException {
        return ErrorLine.parse(line);
    }

    @Test
    void goReadResetNamesLocalAndRemoteSoTheLocalSideLoggedIt() throws Exception {
        ErrorLine e = parse("read tcp 10.0.0.5:20003->10.0.0.9:56795: read: connection reset by peer");
        assertEquals(ErrorRuntime.GO, e.runtime());
        assertEquals(CallResult.ECONNRESET, e.result());
        assertEquals(SocketCall.READ, e.call());
        assertEquals(Endpoint.parse("10.0.0.5:20003"), e.local());
        assertEquals(Endpoint.parse("10.0.0.9:56795"), e.remote());
    }

    @Test
    void seedLinuxServerLineCarriesItsTimestamp() throws Exception {
        ErrorLine e = parse("2019/05/30 16:46:37.133:handlerClient err3=read tcp 172.16.200.43:20003->115.192.79.216:56919:"
                + " read: connection reset by peer");
        assertEquals(CallResult.ECONNRESET, e.result());
        assertEquals(Endpoint.parse("172.16.200.43:20003"), e.local());
        assertEquals(LocalDateTime.of(2019, 5, 30, 16, 46, 37, 133_000_000), e.loggedAt().local());
    }

    @Test
    void seedWindowsForciblyClosedIsAGoReadReset() throws Exception {
        ErrorLine e = parse("2019/05/30 16:35:45.269:handlerClient err3=read tcp 127.0.0.1:20003->127.0.0.1:56795:"
                + " wsarecv: An existing connection was forcibly closed by the remote host.");
        assertEquals(ErrorRuntime.GO, e.runtime());
        assertEquals(CallResult.ECONNRESET, e.result());
        assertEquals(SocketCall.READ, e.call());
        assertEquals(56795, e.remote().port());
        assertNull(e.note());
    }

    @Test
    void seedWindowsAbortedBySoftwareIsReadAsResetWithANote() throws Exception {
        ErrorLine e = parse("2019/05/30 17:25:48.400:handlerClient err3=read tcp 127.0.0.1:20003->127.0.0.1:57409:"
                + " wsarecv: An established connection was aborted by the software in your host machine.");
        assertEquals(CallResult.ECONNRESET, e.result());
        assertEquals(SocketCall.READ, e.call());
        assertTrue(e.note().contains("10053"), e.note());
    }

    @Test
    void seedGoBrokenPipeIsAWrite() throws Exception {
        ErrorLine e = parse("2019/04/17 16:08:18 0 write tcp 127.0.0.1:8081->127.0.0.1:64124: write: broken pipe");
        assertEquals(CallResult.EPIPE, e.result());
        assertEquals(SocketCall.WRITE, e.call());
        assertEquals(Endpoint.parse("127.0.0.1:8081"), e.local());
        assertEquals(LocalDateTime.of(2019, 4, 17, 16, 8, 18), e.loggedAt().local());
    }

    @Test
    void seedGoDialWithoutHostKeepsThePort() throws Exception {
        ErrorLine e = parse("dial tcp :8080: connect: connection refused");
        assertEquals(CallResult.ECONNREFUSED, e.result());
        assertEquals(SocketCall.CONNECT, e.call());
        assertNull(e.remote());
        assertEquals(8080, e.remotePort());
    }

    @Test
    void seedGoDialTimeoutNamesTheServer() throws Exception {
        ErrorLine e = parse("dial tcp 172.217.160.78:443: i/o timeout");
        assertEquals(ErrorRuntime.GO, e.runtime());
        assertEquals(CallResult.ETIMEDOUT, e.result());
        assertEquals(SocketCall.CONNECT, e.call());
        assertEquals(Endpoint.parse("172.217.160.78:443"), e.remote());
        assertNull(e.local());
    }

    @Test
    void goReadDeadlineIsATimedOutRead() throws Exception {
        ErrorLine e = parse("read tcp 127.0.0.1:12345->127.0.0.1:40000: i/o timeout");
        assertEquals(CallResult.ETIMEDOUT, e.result());
        assertEquals(SocketCall.READ, e.call());
    }

    @Test
    void seedGoEofIsAnEofRead() throws Exception {
        ErrorLine e = parse("2019/05/30 17:02:44.259:handlerClient err3=EOF");
        assertEquals(ErrorRuntime.GO, e.runtime());
        assertEquals(CallResult.EOF, e.result());
        assertEquals(SocketCall.READ, e.call());
    }

    @Test
    void seedCppRecvErr10054IsWindowsReset() throws Exception {
        ErrorLine e = parse("2019-05-30 16:30:31.393:client[640] recv err=10054");
        assertEquals(ErrorRuntime.WINDOWS, e.runtime());
        assertEquals(CallResult.ECONNRESET, e.result());
        assertEquals(SocketCall.READ, e.call());
        assertEquals(LocalDateTime.of(2019, 5, 30, 16, 30, 31, 393_000_000), e.loggedAt().local());
    }

    @Test
    void seedCppRecvErr10053IsAWindowsAbort() throws Exception {
        ErrorLine e = parse("2019-05-30 17:26:53.973:client[640] recv err=10053");
        assertEquals(CallResult.ECONNRESET, e.result());
        assertNotNull(e.note());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "java.net.SocketException: Connection reset | JAVA | ECONNRESET | ",
        "java.net.SocketException: Connection reset by peer | JAVA | ECONNRESET | ",
        "java.net.SocketException: Broken pipe (Write failed) | JAVA | EPIPE | WRITE",
        "java.io.IOException: Broken pipe | JAVA | EPIPE | WRITE",
        "java.net.ConnectException: Connection refused | JAVA | ECONNREFUSED | CONNECT",
        "java.net.SocketTimeoutException: Read timed out | JAVA | ETIMEDOUT | READ",
        "java.net.SocketTimeoutException: Connect timed out | JAVA | ETIMEDOUT | CONNECT",
        "java.io.EOFException | JAVA | EOF | READ",
        "java.net.SocketException: Software caused connection abort: recv failed | JAVA | ECONNRESET | READ",
        "ConnectionResetError: [Errno 104] Connection reset by peer | PYTHON | ECONNRESET | ",
        "BrokenPipeError: [Errno 32] Broken pipe | PYTHON | EPIPE | WRITE",
        "ConnectionRefusedError: [Errno 111] Connection refused | PYTHON | ECONNREFUSED | CONNECT",
        "TimeoutError: [Errno 110] Connection timed out | PYTHON | ETIMEDOUT | ",
        "socket.timeout: timed out | PYTHON | ETIMEDOUT | ",
        "ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host | PYTHON | ECONNRESET | ",
        "recv: Connection reset by peer | C | ECONNRESET | READ",
        "send failed: errno 104 | C | ECONNRESET | WRITE",
        "read() failed: ECONNRESET | C | ECONNRESET | READ",
        "write: Broken pipe | C | EPIPE | WRITE",
        "send() returned EPIPE | C | EPIPE | WRITE",
        "errno=111 | C | ECONNREFUSED | CONNECT",
        "connect() failed: Connection timed out | C | ETIMEDOUT | CONNECT",
        "errno 110 ETIMEDOUT | C | ETIMEDOUT | ",
        "WSAECONNRESET | WINDOWS | ECONNRESET | ",
        "recv failed with error 10054 | WINDOWS | ECONNRESET | READ",
        "WSAECONNABORTED (10053) | WINDOWS | ECONNRESET | ",
        "connect failed: 10060 | WINDOWS | ETIMEDOUT | CONNECT",
        "WSAETIMEDOUT | WINDOWS | ETIMEDOUT | ",
        "connect: 10061 | WINDOWS | ECONNREFUSED | CONNECT",
        "No connection could be made because the target machine actively refused it. | WINDOWS | ECONNREFUSED | CONNECT",
        "A connection attempt failed because the connected party did not properly respond after a period of time | WINDOWS | ETIMEDOUT | ",
        "Error: read ECONNRESET | NODE | ECONNRESET | READ",
        "Error: write EPIPE | NODE | EPIPE | WRITE",
        "Error: connect ECONNREFUSED 127.0.0.1:8080 | NODE | ECONNREFUSED | CONNECT",
        "Error: connect ETIMEDOUT 10.1.2.3:443 | NODE | ETIMEDOUT | CONNECT",
        "{ errno: -104, code: 'ECONNRESET', syscall: 'read' } | NODE | ECONNRESET | READ",
    })
    void understandsEachRuntimesWording(String line, ErrorRuntime runtime, CallResult result, SocketCall call)
            throws Exception {
        ErrorLine e = parse(line);
        assertEquals(runtime, e.runtime(), "runtime of " + line);
        assertEquals(result, e.result(), "result of " + line);
        assertEquals(call, e.call(), "call of " + line);
    }

    @Test
    void nodeConnectRefusedNamesTheServer() throws Exception {
        ErrorLine e = parse("Error: connect ECONNREFUSED 127.0.0.1:8080");
        assertEquals(Endpoint.parse("127.0.0.1:8080"), e.remote());
    }

    @Test
    void goIpv6AddressesAreRead() throws Exception {
        ErrorLine e = parse("read tcp [::1]:8080->[::1]:51000: read: connection reset by peer");
        assertEquals(Endpoint.parse("[::1]:8080"), e.local());
        assertEquals(Endpoint.parse("[::1]:51000"), e.remote());
    }

    @Test
    void portNumbersThatLookLikeWinsockCodesAreNotReadAsErrors() {
        ExplainException x = assertThrows(ExplainException.class,
                () -> parse("connected to 10.0.0.1:10054 fine"));
        assertTrue(x.getMessage().startsWith("no socket error found in 'connected to 10.0.0.1:10054 fine'"),
                x.getMessage());
    }

    @Test
    void unknownTextGetsOneShortLinePointingAtTheList() {
        ExplainException x = assertThrows(ExplainException.class, () -> parse("NullPointerException at Foo.java:12"));
        assertEquals("no socket error found in 'NullPointerException at Foo.java:12' (tcpwhy explain --list-errors"
                + " shows the " + ErrorTexts.PHRASES.size() + " texts understood)", x.getMessage());
    }

    @Test
    void aLongUnknownLineIsQuotedShort() {
        String line = "x".repeat(10_000);
        ExplainException x = assertThrows(ExplainException.class, () -> parse(line));
        assertTrue(x.getMessage().length() < 250, x.getMessage());
    }
}
