package io.tcpwhy.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class ObservedResultTest {

    @Test
    void jdkSocketMessages_mapToTheirErrnoNames() throws Exception {
        assertEquals(ObservedResult.ECONNRESET, ObservedResult.of(new SocketException("Connection reset")));
        assertEquals(ObservedResult.ECONNRESET, ObservedResult.of(new SocketException("Connection reset by peer")));
        assertEquals(ObservedResult.EPIPE, ObservedResult.of(new SocketException("Broken pipe")));
        assertEquals(ObservedResult.ECONNREFUSED, ObservedResult.of(new ConnectException("Connection refused")));
        assertEquals(ObservedResult.ETIMEDOUT, ObservedResult.of(new SocketTimeoutException("Connect timed out")));
        assertEquals(ObservedResult.ETIMEDOUT, ObservedResult.of(new SocketTimeoutException("Read timed out")));
        assertEquals(ObservedResult.EBADF, ObservedResult.of(new SocketException("Socket is closed")));
        assertEquals(ObservedResult.ETIMEDOUT, ObservedResult.of(new SocketException("Connection timed out")),
                "the kernel's ETIMEDOUT: retransmissions or keep-alive probes never acknowledged");
    }

    @Test
    void unknownFailure_isRefusedRatherThanGuessed() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ObservedResult.of(new IOException("No buffer space available")));
        assertTrue(e.getMessage().contains("java.io.IOException: No buffer space available"), e.getMessage());
    }

    @Test
    void ebadf_hasNoContractResultAndTheOthersKeepTheirNames() {
        assertTrue(ObservedResult.EBADF.contractResult().isEmpty());
        assertEquals(CallResult.EPIPE, ObservedResult.EPIPE.contractResult().orElseThrow());
        assertEquals(ObservedResult.EBADF, ObservedResult.fromWire("EBADF"));
    }

    @Test
    void deadlinePassed_javasOwnTimeoutButNotTheKernelsEtimedout() {
        assertTrue(new ObservedCall(Side.CLIENT, SocketCall.READ, ObservedResult.ETIMEDOUT,
                "java.net.SocketTimeoutException: Read timed out").deadlinePassed());
        assertFalse(new ObservedCall(Side.CLIENT, SocketCall.READ, ObservedResult.ETIMEDOUT,
                "java.net.SocketException: Connection timed out").deadlinePassed());
        assertFalse(new ObservedCall(Side.CLIENT, SocketCall.READ, ObservedResult.EOF, "read() returned -1").deadlinePassed());
    }
}
