package io.tcpwhy.diagnosis;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.Side;
import io.tcpwhy.tcp.TrackedConnection;

/**
 * Turns a finished connection into the contract's CONNECTION: states and timeline from
 * its {@link ConnectionRecorder}, the diagnosis with the frames that prove it, the
 * annotations, and what each side's socket calls returned. Stateless; one instance can
 * explain any number of connections.
 *
 * <p>Codes, sides, annotations and outcomes are decided here; the prose (the diagnosis's
 * summary, detail and evidence frames, the outcomes' {@code why} texts, the timing
 * narration) is built only when an output first asks for it, on whichever thread asks,
 * from a {@link ConnectionRecorder#forWording()} copy of the finished connection.
 */
public final class Diagnoser {

    public Diagnoser() {
    }

    /**
     * @param timestampDigits the capture's timestamp precision, 6 or 9, carried into the report
     */
    public ConnectionReport explain(TrackedConnection<ConnectionRecorder> connection, int timestampDigits) {
        ConnectionRecorder rec = connection.observer();
        ConnectionRecorder facts = rec.forWording();
        Diagnosis diagnosis = new DiagnosisRules(facts).diagnose();
        return new ConnectionReport(connection.id(), connection.client(), connection.server(),
                connection.rolesInferred(), connection.firstFrame(), connection.lastFrame(), connection.startNanos(),
                connection.endNanos(), timestampDigits, connection.clientBytes(), connection.serverBytes(),
                connection.zeek(), connection.zeekRecords(), rec.state(Side.CLIENT), rec.state(Side.SERVER), rec.timeline(), diagnosis,
                AnnotationRules.annotate(connection), OutcomeRules.predict(facts), rec.segments(), connection.tunnel());
    }
}
