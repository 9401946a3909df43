package io.tcpwhy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuntimeErrorsTest {

    private static RuntimeErrors.Wording of(SocketCall call, CallResult result) {
        return RuntimeErrors.of(call, result).orElseThrow();
    }

    @Test
    void okIsNoErrorInAnyRuntime() {
        for (SocketCall call : SocketCall.values()) {
            assertTrue(RuntimeErrors.of(call, CallResult.OK).isEmpty());
        }
    }

    @Test
    void everyFailureHasWordsForEveryRuntimeAndEveryCall() {
        for (SocketCall call : SocketCall.values()) {
            for (CallResult result : CallResult.values()) {
                if (result != CallResult.OK) {
                    assertEquals(RuntimeErrors.RUNTIMES.size(), of(call, result).texts().size());
                    of(call, result).texts().forEach(t -> assertTrue(!t.isBlank(), call + " " + result));
                }
            }
        }
    }

    @Test
    void resetOnReadIsWordedAsEachRuntimePrintsIt() {
        RuntimeErrors.Wording w = of(SocketCall.READ, CallResult.ECONNRESET);
        assertEquals("read: connection reset by peer", w.go());
        assertEquals("java.net.SocketException: Connection reset", w.java());
        assertEquals("ConnectionResetError: [Errno 104] Connection reset by peer", w.python());
        assertEquals("errno 104 ECONNRESET", w.c());
        assertEquals("WSAECONNRESET (10054)", w.windows());
    }

    @Test
    void resetOnWriteIsJavasConnectionResetByPeer() {
        RuntimeErrors.Wording w = of(SocketCall.WRITE, CallResult.ECONNRESET);
        assertEquals("write: connection reset by peer", w.go());
        assertEquals("java.net.SocketException: Connection reset by peer", w.java());
    }

    @Test
    void brokenPipeIsAResetOnWindowsWhichHasNoEpipe() {
        RuntimeErrors.Wording w = of(SocketCall.WRITE, CallResult.EPIPE);
        assertEquals("write: broken pipe", w.go());
        assertEquals("java.net.SocketException: Broken pipe", w.java());
        assertEquals("BrokenPipeError: [Errno 32] Broken pipe", w.python());
        assertTrue(w.c().startsWith("errno 32 EPIPE"));
        assertEquals("WSAECONNRESET (10054)", w.windows());
    }

    @Test
    void eofIsAReturnValueNotAnException() {
        RuntimeErrors.Wording w = of(SocketCall.READ, CallResult.EOF);
        assertTrue(w.go().startsWith("io.EOF"));
        assertTrue(w.java().startsWith("read() returned -1"));
        assertEquals("recv() returned b''", w.python());
        assertEquals("read() returned 0", w.c());
    }

    @Test
    void refusedAndTimedOutConnectsCarryTheirErrnoAndWinsockNumbers() {
        RuntimeErrors.Wording refused = of(SocketCall.CONNECT, CallResult.ECONNREFUSED);
        assertEquals("ConnectionRefusedError: [Errno 111] Connection refused", refused.python());
        assertEquals("WSAECONNREFUSED (10061)", refused.windows());
        RuntimeErrors.Wording timedOut = of(SocketCall.CONNECT, CallResult.ETIMEDOUT);
        assertTrue(timedOut.java().startsWith("java.net.ConnectException: Connection timed out"));
        assertTrue(timedOut.java().contains("java.net.SocketTimeoutException: Connect timed out"));
        assertEquals("errno 110 ETIMEDOUT", timedOut.c());
        assertEquals("WSAETIMEDOUT (10060)", timedOut.windows());
    }
}
