package io.tcpwhy;

import io.tcpwhy.model.Side;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;

/**
 * A connection still open, as {@link FrameAnalysis#openSnapshot()} shows it: enough to
 * report a CLOSE_WAIT leak or an unanswered SYN while it lasts.
 *
 * @param clientStateSinceNanos when the client entered {@code clientState}
 * @param serverStateSinceNanos when the server entered {@code serverState}
 * @param lastNanos             the time of the connection's latest segment
 */
public record OpenConnection(int id, Endpoint client, Endpoint server, TcpState clientState, TcpState serverState,
                             long clientStateSinceNanos, long serverStateSinceNanos, long startNanos,
                             long lastNanos) {

    public TcpState state(Side side) {
        return side == Side.CLIENT ? clientState : serverState;
    }

    public long stateSinceNanos(Side side) {
        return side == Side.CLIENT ? clientStateSinceNanos : serverStateSinceNanos;
    }

    public Endpoint endpoint(Side side) {
        return side == Side.CLIENT ? client : server;
    }
}
