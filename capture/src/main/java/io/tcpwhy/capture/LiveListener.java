package io.tcpwhy.capture;

import io.tcpwhy.model.ConnectionReport;
import java.util.List;

/**
 * Hears a {@link LiveSession}, always on its analysis thread, one call at a time. Keep the
 * work short: while a call runs, frames wait in the ring.
 */
public interface LiveListener {

    /** A connection ended and is explained (in the order they end, not by id). */
    void connection(ConnectionReport report);

    /**
     * The analysis has caught up: it took every frame the ring held (or a tick of
     * {@value AnalysisLoop#ADVANCE_EVERY_NANOS} ns passed in a flood). The moment to push
     * out what {@link #connection} buffered: once per batch, not once per connection.
     */
    default void caughtUp() {
    }

    /** A connection still open is going wrong. */
    default void alert(LiveAlert alert) {
    }

    /** Frames were lost just now. */
    default void dropped(DropNotice notice) {
    }

    /**
     * At the end, before they are explained: the connections still open, as of {@code nowNanos},
     * each with whether frames were lost while it was open.
     */
    default void stillOpen(List<StillOpen> open, long nowNanos) {
    }

    /**
     * The session cannot go on by itself: the frame limit was reached, or capture or analysis
     * failed. Whoever runs the session should call {@link LiveSession#stop()} now, which reports
     * a failure as an exception.
     */
    default void ended(String why) {
    }
}
