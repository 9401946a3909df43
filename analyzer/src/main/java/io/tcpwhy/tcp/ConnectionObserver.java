package io.tcpwhy.tcp;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.Side;

/**
 * Follows one connection segment by segment for whatever the tracker does not keep
 * itself (endpoint states, evidence for the diagnosis). The tracker creates one per
 * connection through an {@link ObserverFactory} and feeds it every segment of that
 * connection, in capture order, with the sender's role.
 */
public interface ConnectionObserver {

    void onSegment(TcpSegment segment, Side from);

    /**
     * The tracker swapped client and server after segments were already delivered (a
     * SYN-ACK or a likely server port told it the first guess was wrong). Segments
     * after this call use the new roles.
     */
    void rolesFlipped();
}
