package io.tcpwhy.capture;

import io.tcpwhy.OpenConnection;

/**
 * A connection still open when the capture stopped, as listed before it is explained.
 *
 * @param framesLost the capture lost frames while it was open: it may have ended in frames
 *                   the capture never saw, so its states may be stale
 */
public record StillOpen(OpenConnection connection, boolean framesLost) {
}
