package io.tcpwhy.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import org.junit.jupiter.api.Test;

class ConnectionAssertTest {

    private final ConnectionAssert refused = ConnectionAssert.assertThat(ScriptedConnections.explain(
            SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").client("S").rawServer("RA", 0, 1001, 0)));

    @Test
    void wrongDiagnosisFailsShowingTheActualReport() {
        AssertionError e = assertThrows(AssertionError.class, () -> refused.withDiagnosis(DiagnosisCode.ORDERLY));
        assertTrue(e.getMessage().contains("expected diagnosis ORDERLY"), e.getMessage());
        assertTrue(e.getMessage().contains("diagnosis REFUSED, closed_by server"), e.getMessage());
        assertTrue(e.getMessage().contains("client connect ECONNREFUSED @2"), e.getMessage());
    }

    @Test
    void missingOutcomeAndWrongStateFail() {
        assertThrows(AssertionError.class, () -> refused.hasOutcome(Side.CLIENT, SocketCall.READ, CallResult.EOF));
        assertThrows(AssertionError.class, () -> refused.inState(Side.CLIENT, TcpState.ESTABLISHED));
        assertThrows(AssertionError.class, () -> refused.closedBy(Side.CLIENT));
        assertThrows(AssertionError.class, () -> refused.citesFrames(1, 3));
    }

    @Test
    void matchingExpectationsChain() {
        refused.withDiagnosis(DiagnosisCode.REFUSED).closedBy(Side.SERVER)
                .hasOutcome(Side.CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, 2)
                .inState(Side.CLIENT, TcpState.CLOSED).citesFrames(1, 2);
    }
}
