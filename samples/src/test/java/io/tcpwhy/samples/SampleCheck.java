package io.tcpwhy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.lab.ObservedCall;
import io.tcpwhy.lab.ObservedConnection;
import io.tcpwhy.lab.ObservedResult;
import io.tcpwhy.lab.ScenarioRecord;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SocketCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Holds the analyzer to what the scenario's sockets really observed: every error a side saw
 * that the wire can show must be predicted in that connection's outcomes for that side and
 * call, and each connection's diagnosis must be the scenario's.
 */
final class SampleCheck {

    private SampleCheck() {
    }

    static void check(ScenarioRecord record, Path pcap) throws Exception {
        List<ConnectionReport> reports = new ArrayList<>();
        new Analyzer().analyze(pcap, 1, reports::add, ProgressListener.NONE);
        for (ObservedConnection observed : record.connections()) {
            ConnectionReport report = reports.stream()
                    .filter(r -> r.client().equals(observed.client()) && r.server().equals(observed.server()))
                    .findFirst()
                    .orElseGet(() -> fail(record.scenario() + ": no connection " + observed.client() + "-"
                            + observed.server() + " in the analysis of " + pcap + " (found "
                            + reports.stream().map(r -> r.client() + "-" + r.server()).toList() + ")"));
            assertEquals(observed.expectedDiagnosis(), report.diagnosis().code(), record.scenario() + ": "
                    + observed.client() + "-" + observed.server() + " diagnosis; the analyzer said: "
                    + report.diagnosis().summary());
            for (ObservedCall call : observed.observed()) {
                Optional<CallResult> wireVisible = predictable(call);
                if (wireVisible.isEmpty()) {
                    continue;
                }
                boolean predicted = report.outcomes().stream().anyMatch(o -> o.side() == call.side()
                        && o.call() == call.call() && o.result() == wireVisible.get());
                assertTrue(predicted, record.scenario() + ": " + call.brief() + " (" + call.detail()
                        + ") happened but is not among the predicted outcomes "
                        + report.outcomes().stream().map(SampleCheck::brief).toList());
            }
        }
        assertTrue(record.connections().stream().anyMatch(c -> c.expectedDiagnosis() == record.expectedDiagnosis()),
                record.scenario() + ": the scenario's diagnosis belongs to one of its connections");
    }

    /**
     * The errors a capture can show: EOF, ECONNRESET, EPIPE, ECONNREFUSED, ETIMEDOUT on
     * connect (unanswered SYNs) and the kernel's ETIMEDOUT on reads and writes (data or
     * keep-alive probes never acknowledged). Successful calls, read deadlines (nothing on the
     * wire) and EBADF (a local close) are not predicted from the wire.
     */
    private static Optional<CallResult> predictable(ObservedCall call) {
        ObservedResult r = call.result();
        if (r == ObservedResult.OK || r == ObservedResult.EBADF) {
            return Optional.empty();
        }
        if (call.deadlinePassed() && call.call() != SocketCall.CONNECT) {
            return Optional.empty();
        }
        return r.contractResult();
    }

    private static String brief(Outcome o) {
        return o.side().wire() + " " + o.call().wire() + " " + o.result() + " @" + o.frame();
    }
}
