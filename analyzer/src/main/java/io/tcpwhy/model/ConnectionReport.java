package io.tcpwhy.model;

import io.tcpwhy.decode.Tunnel;
import io.tcpwhy.net.Endpoint;
import java.util.List;

/**
 * Everything tcpwhy says about one connection: the contract's CONNECTION object, plus
 * {@code segments}, the connection's segments for ladders and evidence tables (all of
 * them up to a cap; over the cap, the first and the last ones and every SYN, FIN and RST).
 *
 * @param timestampDigits the capture's timestamp precision: 6 (microseconds) or 9 (nanoseconds)
 * @param zeek            Zeek's conn_state and history of the first record Zeek logs for this socket pair
 * @param zeekRecords     every record Zeek logs for it, in order (one unless Zeek's timers cut the socket's life)
 * @param tunnel          the tunnel the connection's first segment arrived in (outer endpoints), null if none
 */
public record ConnectionReport(int id, Endpoint client, Endpoint server, boolean rolesInferred,
                               long firstFrame, long lastFrame, long startNanos, long endNanos,
                               int timestampDigits, long clientBytes, long serverBytes,
                               ZeekSummary zeek, List<ZeekRecord> zeekRecords, TcpState clientState, TcpState serverState,
                               List<StateChange> timeline, Diagnosis diagnosis,
                               List<Annotation> annotations, List<Outcome> outcomes,
                               List<SegmentEvidence> segments, Tunnel tunnel) {

    public ConnectionReport {
        zeekRecords = List.copyOf(zeekRecords);
        timeline = List.copyOf(timeline);
        annotations = List.copyOf(annotations);
        outcomes = List.copyOf(outcomes);
        segments = List.copyOf(segments);
    }

    /** A connection that did not arrive in a tunnel. */
    public ConnectionReport(int id, Endpoint client, Endpoint server, boolean rolesInferred, long firstFrame,
                            long lastFrame, long startNanos, long endNanos, int timestampDigits, long clientBytes,
                            long serverBytes, ZeekSummary zeek, List<ZeekRecord> zeekRecords, TcpState clientState,
                            TcpState serverState, List<StateChange> timeline, Diagnosis diagnosis,
                            List<Annotation> annotations, List<Outcome> outcomes, List<SegmentEvidence> segments) {
        this(id, client, server, rolesInferred, firstFrame, lastFrame, startNanos, endNanos, timestampDigits,
                clientBytes, serverBytes, zeek, zeekRecords, clientState, serverState, timeline, diagnosis,
                annotations, outcomes, segments, null);
    }

    /**
     * Whether this connection is a problem for {@code --problems} and {@code --fail-on
     * problems}: it did not end in order, or it did but only after a CLOSE_WAIT leak held
     * it open (a leak that ended late is still a leak).
     */
    public boolean isProblem() {
        if (diagnosis.code().isProblem()) {
            return true;
        }
        for (Annotation a : annotations) {
            if (a.code() == AnnotationCode.CLOSE_WAIT_HELD) {
                return true;
            }
        }
        return false;
    }

    /** The same report under another id: files analyzed apart get ids that continue across them. */
    public ConnectionReport withId(int newId) {
        return newId == id ? this : new ConnectionReport(newId, client, server, rolesInferred, firstFrame, lastFrame,
                startNanos, endNanos, timestampDigits, clientBytes, serverBytes, zeek, zeekRecords, clientState,
                serverState, timeline, diagnosis, annotations, outcomes, segments, tunnel);
    }

    public TcpState state(Side side) {
        return side == Side.CLIENT ? clientState : serverState;
    }

    public Endpoint endpoint(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    public long bytes(Side side) {
        return side == Side.CLIENT ? clientBytes : serverBytes;
    }
}
