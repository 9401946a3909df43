package io.tcpwhy.model;

import io.tcpwhy.net.Endpoint;

/**
 * One line of Zeek's conn.log for a connection. Zeek cuts one socket pair's life into
 * several records where its timers let go in between (a SYN retried past its attempt
 * timer, a connection idle past its inactivity timeout); tcpwhy keeps the socket as one
 * connection and lists Zeek's records in order. Fields follow conn.log's.
 *
 * @param orig        Zeek's originator ({@code id.orig_h}, {@code id.orig_p}); usually the client
 * @param resp        Zeek's responder
 * @param startNanos  {@code ts}: the time of the record's first frame
 * @param endNanos    the time of its last frame ({@code duration} is the difference)
 * @param firstFrame  the record's first frame
 * @param origBytes   {@code orig_bytes}: payload bytes by sequence space, retransmissions once
 * @param respBytes   {@code resp_bytes}
 * @param origPkts    {@code orig_pkts}
 * @param origIpBytes {@code orig_ip_bytes}: IP-level bytes per the IP headers
 * @param respPkts    {@code resp_pkts}
 * @param respIpBytes {@code resp_ip_bytes}
 */
public record ZeekRecord(String connState, String history, Endpoint orig, Endpoint resp, long startNanos,
                         long endNanos, long firstFrame, long origBytes, long respBytes, long origPkts,
                         long origIpBytes, long respPkts, long respIpBytes) {

    public ZeekRecord {
        if (connState == null || connState.isEmpty()) {
            throw new IllegalArgumentException("conn_state is required");
        }
        if (orig == null || resp == null) {
            throw new IllegalArgumentException("a Zeek record needs originator and responder");
        }
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("record ends at " + endNanos + " before its start " + startNanos);
        }
        if (history == null) {
            history = "";
        }
    }

    /** A record of a connection described only by its summary (tests, single-record callers). */
    public static ZeekRecord of(ZeekSummary zeek, Endpoint orig, Endpoint resp, long startNanos, long firstFrame) {
        return new ZeekRecord(zeek.connState(), zeek.history(), orig, resp, startNanos, startNanos, firstFrame,
                0, 0, 0, 0, 0, 0);
    }

    public ZeekSummary summary() {
        return new ZeekSummary(connState, history);
    }
}
