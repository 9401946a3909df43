package io.tcpwhy.explain;

import io.tcpwhy.model.Side;
import io.tcpwhy.net.ConnectionKey;

/**
 * What the user asked about: an error line and/or filters. Every part may be null
 * ({@code port} -1) except that at least one must be given.
 *
 * @param atNanos the time to search around (from {@code --at}, else the error line's own time), or null
 */
public record Query(ErrorLine error, ConnectionKey conn, int port, Side side, Long atNanos) {

    public Query {
        if (error == null && conn == null && port < 0) {
            throw new IllegalArgumentException("explain needs an error line, a connection or a port");
        }
    }
}
