package io.tcpwhy.tcp;

import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.model.ZeekSummary;
import java.util.List;
import io.tcpwhy.net.Endpoint;

/**
 * A connection the tracker has finished with: what it knows itself, and the observer
 * that followed the connection's segments.
 *
 * @param id            1-based, in order of first frame
 * @param rolesInferred no SYN from the client was seen, roles were guessed
 * @param portReuse     this connection reused the 4-tuple of an earlier one in the capture
 * @param clientBytes   payload bytes the client sent, retransmissions counted once
 * @param serverBytes   payload bytes the server sent, retransmissions counted once
 * @param zeek          Zeek's conn_state and history of the first of {@code zeekRecords}
 * @param zeekRecords   the records Zeek logs for this socket pair's life, in order
 */
public record TrackedConnection<O extends ConnectionObserver>(
        int id, Endpoint client, Endpoint server, boolean rolesInferred, boolean portReuse,
        long firstFrame, long lastFrame, long startNanos, long endNanos,
        long clientBytes, long serverBytes, ZeekSummary zeek, List<ZeekRecord> zeekRecords, O observer) {

    public TrackedConnection {
        zeekRecords = List.copyOf(zeekRecords);
    }
}
