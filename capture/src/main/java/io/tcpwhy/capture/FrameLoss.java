package io.tcpwhy.capture;

import io.tcpwhy.OpenConnection;

/**
 * Which open connections the frames lost so far may have touched: those the analysis already
 * held when it was told of the loss, that is those whose first frame is no later than the
 * newest frame analysed then. (The tracker flags the same connections' verdicts with
 * {@code FRAMES_DROPPED}; a connection seen first after the loss was not open then.)
 *
 * @param newestFrameNanos the capture time of the newest frame analysed when frames were last
 *                         lost; {@link Long#MIN_VALUE} while none was lost
 */
record FrameLoss(long newestFrameNanos) {

    /** Nothing lost yet. */
    static final FrameLoss NONE = new FrameLoss(Long.MIN_VALUE);

    /** What an alert on a connection that lost frames adds: the story may be the gap's doing. */
    static final String CAVEAT = " (unsure: the capture lost frames while this connection was open, and the one that"
            + " would end this may be among them)";

    boolean touched(OpenConnection c) {
        return newestFrameNanos != Long.MIN_VALUE && c.startNanos() <= newestFrameNanos;
    }
}
