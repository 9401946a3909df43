package io.tcpwhy.model;

import io.tcpwhy.net.Endpoint;
import java.util.List;

/**
 * Everything tcpwhy says about one connection: the contract's CONNECTION object, plus
 * {@code segments}, the connection's segments for ladders and evidence tables (all of
 * them up to a cap; over the cap, the first and the last ones and every SYN, FIN and RST).
 *
 * @param timestampDigits the capture's timestamp precision: 6 (microseconds) or 9 (nanoseconds)
 */
public record ConnectionReport(int id, Endpoint client, Endpoint server, boolean rolesInferred,
                               long firstFrame, long lastFrame, long startNanos, long endNanos,
                               int timestampDigits, long clientBytes, long serverBytes,
                               ZeekSummary zeek, TcpState clientState, TcpState serverState,
                               List<StateChange> timeline, Diagnosis diagnosis,
                               List<Annotation> annotations, List<Outcome> outcomes,
                               List<SegmentEvidence> segments) {

    public ConnectionReport {
        timeline = List.copyOf(timeline);
        annotations = List.copyOf(annotations);
        outcomes = List.copyOf(outcomes);
        segments = List.copyOf(segments);
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
