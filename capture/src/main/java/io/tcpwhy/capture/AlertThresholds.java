package io.tcpwhy.capture;

import java.time.Duration;

/**
 * How long a situation on an open connection lasts before it is reported while it lasts.
 *
 * @param closeWait    a side in CLOSE_WAIT this long (its peer's FIN acknowledged, its own close not sent)
 * @param synUnanswered a client SYN with no answer this long; Linux retransmits it after 1 s and 3 s,
 *                     so the default 3 s means two retransmissions went unanswered too
 * @param halfOpen     a server that sent SYN-ACK, waiting this long for the handshake's last ACK
 */
public record AlertThresholds(Duration closeWait, Duration synUnanswered, Duration halfOpen) {

    public static final AlertThresholds DEFAULT =
            new AlertThresholds(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(10));

    public AlertThresholds {
        for (Duration d : new Duration[] {closeWait, synUnanswered, halfOpen}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("alert threshold " + d + " (expected more than 0 seconds)");
            }
        }
    }

    public AlertThresholds withCloseWait(Duration d) {
        return new AlertThresholds(d, synUnanswered, halfOpen);
    }
}
