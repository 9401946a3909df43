package io.tcpwhy;

import io.tcpwhy.tcp.TrackerSettings;

/**
 * How a {@link FrameAnalysis} hands out its verdicts: when after a connection's end, and
 * how many connections it holds open at most (past that, the least recently active is
 * reported early, marked EVICTED).
 */
public record AnalysisSettings(TrackerSettings tracker) {

    /** Capture files: verdicts as Zeek lets go of an ended connection, so Zeek's records stay exact. */
    public static final AnalysisSettings FILES = new AnalysisSettings(TrackerSettings.FILES);

    /** Live capture: a verdict half a second after the connection ended. */
    public static final AnalysisSettings LIVE = new AnalysisSettings(TrackerSettings.LIVE);

    public AnalysisSettings {
        if (tracker == null) {
            throw new IllegalArgumentException("analysis settings need tracker settings");
        }
    }

    public AnalysisSettings withMaxOpenConnections(int max) {
        return new AnalysisSettings(tracker.withMaxOpen(max));
    }

    public int maxOpenConnections() {
        return tracker.maxOpen();
    }
}
