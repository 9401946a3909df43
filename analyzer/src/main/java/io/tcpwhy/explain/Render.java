package io.tcpwhy.explain;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Pieces every output format shares: segment labels and the choice of evidence packets. */
final class Render {

    /** The evidence table shows at most this many packets; the ladder shows the rest of the story. */
    static final int MAX_EVIDENCE = 30;

    private Render() {
    }

    /** {@code frame 12 +1.014s R. seq=15 ack=40 len=0}, relative numbers, '?' when unknown. */
    static String segmentLabel(ConnectionReport r, SegmentEvidence s) {
        StringBuilder sb = new StringBuilder();
        sb.append("frame ").append(s.frame()).append(' ')
                .append(String.format(Locale.ROOT, "+%.3fs", Timestamps.seconds(r.startNanos(), s.timeNanos())))
                .append(' ').append(Explainer.flagName(s)).append(" [").append(s.flags()).append("] seq=")
                .append(number(s.relSeq()));
        if (s.relAck() >= 0) {
            sb.append(" ack=").append(s.relAck());
        }
        if (s.payloadLength() > 0) {
            sb.append(" len=").append(s.payloadLength());
        }
        return sb.toString();
    }

    static String number(long n) {
        return n < 0 ? "?" : Long.toString(n);
    }

    static String time(ConnectionReport r, long nanos) {
        return Timestamps.iso(nanos, r.timestampDigits());
    }

    /**
     * The packets that prove the explanation: the diagnosis' evidence frames, the cause,
     * and every SYN, FIN and RST, in frame order.
     */
    static List<SegmentEvidence> evidence(Explanation e) {
        ConnectionReport r = e.report();
        Set<Long> frames = new TreeSet<>(r.diagnosis().frames());
        if (e.cause() != null) {
            frames.add(e.cause().frame());
        }
        List<SegmentEvidence> out = new ArrayList<>();
        for (SegmentEvidence s : r.segments()) {
            boolean control = s.flags().contains("S") || s.flags().contains("F") || s.flags().contains("R");
            if ((frames.contains(s.frame()) || control) && out.size() < MAX_EVIDENCE) {
                out.add(s);
            }
        }
        return out;
    }

    /** A note for the ladder at the cause segment, e.g. "the server's read: ECONNRESET". */
    static String causeNote(Explanation e) {
        if (e.cause() == null) {
            return null;
        }
        String side = e.side() != null ? e.side().wire() : Explainer.affectedSide(e.report()).wire();
        return side + (e.call() != null ? " " + e.call().wire() : "") + ": " + e.result();
    }
}
