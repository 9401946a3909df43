package io.tcpwhy.tcp;

import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.model.ZeekSummary;
import io.tcpwhy.net.Endpoint;
import java.util.List;

/**
 * A connection the tracker has finished with: what it knows itself, and the observer
 * that followed the connection's segments.
 *
 * @param id             1-based, in order of first frame
 * @param rolesInferred  no SYN from the client was seen, roles were guessed
 * @param portReuse      this connection reused the 4-tuple of an earlier one in the capture
 * @param clientBytes    payload bytes the client sent, retransmissions counted once
 * @param serverBytes    payload bytes the server sent, retransmissions counted once
 * @param zeek           Zeek's conn_state and history of the first of {@code zeekRecords}
 * @param zeekRecords    the records Zeek logs for this socket pair's life, in order
 * @param lateAfterFrame these are late segments of a connection on the same socket pair that
 *                       ended (and was handed out) at this frame; {@link #NOT_LATE} otherwise
 * @param evictedAtCap   handed out while still open because more than this many connections
 *                       were open at once; 0 when not evicted
 * @param framesDropped  frames the capture lost while this connection was open
 */
public record TrackedConnection<O extends ConnectionObserver>(
        int id, Endpoint client, Endpoint server, boolean rolesInferred, boolean portReuse,
        long firstFrame, long lastFrame, long startNanos, long endNanos,
        long clientBytes, long serverBytes, ZeekSummary zeek, List<ZeekRecord> zeekRecords, O observer,
        long lateAfterFrame, int evictedAtCap, long framesDropped) {

    /** {@link #lateAfterFrame} of a connection that is no late continuation. */
    public static final long NOT_LATE = -1;

    public TrackedConnection {
        zeekRecords = List.copyOf(zeekRecords);
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("connection " + id + " ends at " + endNanos + " before its start "
                    + startNanos);
        }
    }

    /** A connection of one Zeek record that is neither late, evicted nor touched by drops. */
    public TrackedConnection(int id, Endpoint client, Endpoint server, boolean rolesInferred, boolean portReuse,
                             long firstFrame, long lastFrame, long startNanos, long endNanos, long clientBytes,
                             long serverBytes, ZeekSummary zeek, List<ZeekRecord> zeekRecords, O observer) {
        this(id, client, server, rolesInferred, portReuse, firstFrame, lastFrame, startNanos, endNanos, clientBytes,
                serverBytes, zeek, zeekRecords, observer, NOT_LATE, 0, 0);
    }
}
