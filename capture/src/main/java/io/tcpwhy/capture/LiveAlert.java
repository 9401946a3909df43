package io.tcpwhy.capture;

import io.tcpwhy.net.Endpoint;

/**
 * A connection still open that is going wrong right now: reported while it lasts, and
 * again as it grows, before any verdict is possible.
 *
 * @param seconds    how long the situation has lasted, whole seconds
 * @param framesLost the capture lost frames while this connection was open: the frame that
 *                   would have ended the situation (a SYN-ACK, a FIN) may be among them, and
 *                   the message says so
 * @param message    one line for a terminal, naming the endpoint at fault and the duration
 */
public record LiveAlert(Kind kind, int connectionId, Endpoint client, Endpoint server, long seconds, boolean framesLost,
                        String message) {

    /** What is going wrong. */
    public enum Kind {
        /** One side's FIN was acknowledged and the other side has not closed: its application holds the socket. */
        CLOSE_WAIT_LEAK,
        /** The client's SYN has had no answer: nothing accepts (a full accept queue, a dropping firewall, a host down). */
        SYN_UNANSWERED,
        /** The server answered SYN with SYN-ACK but the handshake has not completed: half-open. */
        HALF_OPEN
    }
}
