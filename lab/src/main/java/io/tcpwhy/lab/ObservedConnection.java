package io.tcpwhy.lab;

import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.util.List;
import java.util.OptionalLong;

/**
 * One connection of a scenario: its endpoints, every call both programs made on it in the order
 * the calls returned, and what the analyzer is expected to find in the capture.
 *
 * @param expectedDiagnosis     the diagnosis code the capture must lead to
 * @param expectedClientState   the client's TCP state at the end of the capture
 * @param expectedServerState   the server's TCP state at the end of the capture
 * @param framesAfterLocalClose frames captured while calls were made on a socket already closed
 *                              locally (zero: such calls never reach the wire); empty when the
 *                              scenario made no such calls
 */
public record ObservedConnection(Endpoint client, Endpoint server, DiagnosisCode expectedDiagnosis,
                                 TcpState expectedClientState, TcpState expectedServerState,
                                 List<ObservedCall> observed, OptionalLong framesAfterLocalClose) {

    public ObservedConnection {
        if (client == null || server == null || expectedDiagnosis == null
                || expectedClientState == null || expectedServerState == null) {
            throw new IllegalArgumentException("observed connection needs endpoints and expectations");
        }
        observed = List.copyOf(observed);
    }

    /** The calls as "side call RESULT" lines, in order. */
    public List<String> briefs() {
        return observed.stream().map(ObservedCall::brief).toList();
    }
}
