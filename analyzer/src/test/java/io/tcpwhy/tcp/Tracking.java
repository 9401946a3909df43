package io.tcpwhy.tcp;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.List;

/** Runs segments through a tracker and keeps what it hands out, and what observers saw. */
final class Tracking {

    final List<TrackedConnection<Recorder>> done = new ArrayList<>();
    final ConnectionTracker<Recorder> tracker = new ConnectionTracker<>((c, s) -> new Recorder(), done::add);

    static Tracking run(List<TcpSegment> segments) {
        Tracking t = new Tracking();
        t.feed(segments);
        t.tracker.finish();
        return t;
    }

    void feed(List<TcpSegment> segments) {
        segments.forEach(tracker::onSegment);
    }

    /** The only connection handed out. */
    TrackedConnection<Recorder> only() {
        if (done.size() != 1) {
            throw new AssertionError("expected one connection, got " + done.size() + ": " + done);
        }
        return done.get(0);
    }

    static final class Recorder implements ConnectionObserver {
        final List<Side> sides = new ArrayList<>();
        int flips;

        @Override
        public void onSegment(TcpSegment segment, Side from) {
            sides.add(from);
        }

        @Override
        public void rolesFlipped() {
            flips++;
        }
    }
}
