package io.tcpwhy.model;

/** Zeek's conn.log {@code conn_state} and {@code history} for a connection. */
public record ZeekSummary(String connState, String history) {

    public ZeekSummary {
        if (connState == null || connState.isEmpty()) {
            throw new IllegalArgumentException("conn_state is required");
        }
        if (history == null) {
            history = "";
        }
    }
}
