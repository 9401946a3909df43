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
 */
public final class Diagnoser {

    public Diagnoser() {
    }

    /**
     * @param timestampDigits the capture's timestamp precision, 6 or 9, carried into the report
     */
    public ConnectionReport explain(TrackedConnection<ConnectionRecorder> connection, int timestampDigits) {
        ConnectionRecorder rec = connection.observer();
        Diagnosis diagnosis = new DiagnosisRules(rec, AnnotationRules.narrate(rec)).diagnose();
        return new ConnectionReport(connection.id(), connection.client(), connection.server(),
                connection.rolesInferred(), connection.firstFrame(), connection.lastFrame(), connection.startNanos(),
                connection.endNanos(), timestampDigits, connection.clientBytes(), connection.serverBytes(),
                connection.zeek(), connection.zeekRecords(), rec.state(Side.CLIENT), rec.state(Side.SERVER), rec.timeline(), diagnosis,
                AnnotationRules.annotate(connection), OutcomeRules.predict(rec), rec.segments(), connection.tunnel());
    }
}
