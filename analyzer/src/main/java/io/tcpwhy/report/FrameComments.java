package io.tcpwhy.report;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.pcap.AnnotatedCapture;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * tcpwhy's findings as packet comments, keyed by the frame they cite, for {@code analyze
 * --annotate} and {@code explain --evidence OUT.pcapng}: the diagnosis on the connection's
 * closing segment (the last frame the diagnosis cites), each state change on the segment
 * that caused it, each side's predicted call result on the segment that causes it. Every
 * comment starts with {@code tcpwhy #ID:} so a display filter finds them all.
 *
 * <p>Memory: only the frames a connection cites are kept (a handful per connection, the
 * timeline and outcomes being bounded per connection), never a table of every frame.
 */
public final class FrameComments implements AnnotatedCapture.FrameNotes {

    static final String PREFIX = "tcpwhy #";

    private final Map<Long, List<String>> byFrame = new HashMap<>();
    private final boolean onlyCitedFrames;
    private long count;

    /** @param onlyCitedFrames true to write only the frames commented on; false to write every frame */
    public FrameComments(boolean onlyCitedFrames) {
        this.onlyCitedFrames = onlyCitedFrames;
    }

    /** Adds one connection's findings. */
    public void add(ConnectionReport c) {
        String who = PREFIX + c.id() + ": ";
        for (StateChange s : c.timeline()) {
            put(s.frame(), who + s.side().wire() + " now " + s.state().wire());
        }
        for (Outcome o : c.outcomes()) {
            put(o.frame(), who + o.side().wire() + " " + o.call().wire() + "() gets " + o.result() + ": " + o.why());
        }
        List<Long> cited = c.diagnosis().frames();
        long closing = cited.isEmpty() ? c.lastFrame() : cited.get(cited.size() - 1);
        put(closing, who + c.diagnosis().code() + " \u2014 " + c.diagnosis().summary());
    }

    private void put(long frame, String comment) {
        if (frame <= 0) {
            return; // not tied to a segment
        }
        byFrame.computeIfAbsent(frame, f -> new ArrayList<>(2)).add(comment);
        count++;
    }

    /** Comments held. */
    public long count() {
        return count;
    }

    /** Comments on {@code frame}, in the order added; empty when none. */
    public List<String> on(long frame) {
        return byFrame.getOrDefault(frame, List.of());
    }

    @Override
    public List<String> notes(long frame, int linkType, ByteBuffer buffer, int offset, int capturedLength) {
        List<String> said = byFrame.get(frame);
        if (said == null) {
            return onlyCitedFrames ? null : List.of();
        }
        return said;
    }
}
