package io.tcpwhy.diagnosis;

import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's segments for evidence tables and ladders, in bounded memory: every
 * segment up to {@link #HEAD} + {@link #TAIL}; beyond that the first {@link #HEAD}, the
 * last {@link #TAIL} and the SYN, FIN and RST segments in between (at most
 * {@link #MAX_CONTROL}), since those are what an explanation cites.
 */
final class SegmentLog {

    static final int HEAD = 32;
    static final int TAIL = 32;
    static final int MAX_CONTROL = 64;

    /** Raw numbers; relative ones are computed when the ISNs are known, at report time. */
    record Entry(long frame, long timeNanos, Side from, int flags, String flagText, long seq, long ack, int payload,
                 int window) {

        boolean control() {
            return (flags & (TcpSegment.SYN | TcpSegment.FIN | TcpSegment.RST)) != 0;
        }

        Entry flipped() {
            return new Entry(frame, timeNanos, from.opposite(), flags, flagText, seq, ack, payload, window);
        }
    }

    private final List<Entry> head = new ArrayList<>(HEAD);
    private final List<Entry> control = new ArrayList<>();
    private final ArrayDeque<Entry> tail = new ArrayDeque<>(TAIL + 1);
    private long omitted;

    void add(TcpSegment s, Side from) {
        Entry e = new Entry(s.frame(), s.timeNanos(), from, s.flags(), s.flagString(), s.seq(), s.ack(),
                s.payloadLength(), s.window());
        if (head.size() < HEAD) {
            head.add(e);
            return;
        }
        tail.addLast(e);
        if (tail.size() > TAIL) {
            Entry old = tail.removeFirst();
            if (old.control() && control.size() < MAX_CONTROL) {
                control.add(old);
            } else {
                omitted++;
            }
        }
    }

    /** Segments left out of {@link #entries()} because of the caps. */
    long omitted() {
        return omitted;
    }

    void flipRoles() {
        head.replaceAll(Entry::flipped);
        control.replaceAll(Entry::flipped);
        List<Entry> t = new ArrayList<>(tail);
        tail.clear();
        t.forEach(e -> tail.addLast(e.flipped()));
    }

    /** Kept segments in capture order, with sequence numbers relative to each side's base. */
    List<SegmentEvidence> evidence(EndpointTrack client, EndpointTrack server) {
        List<SegmentEvidence> out = new ArrayList<>(head.size() + control.size() + tail.size());
        for (List<Entry> part : List.of(head, control, new ArrayList<>(tail))) {
            for (Entry e : part) {
                EndpointTrack sender = e.from() == Side.CLIENT ? client : server;
                EndpointTrack receiver = e.from() == Side.CLIENT ? server : client;
                long relSeq = sender.base == EndpointTrack.NONE ? -1 : SeqMath.relative(e.seq(), sender.base);
                boolean hasAck = (e.flags() & TcpSegment.ACK) != 0;
                long relAck = !hasAck || receiver.base == EndpointTrack.NONE ? -1
                        : SeqMath.relative(e.ack(), receiver.base);
                out.add(new SegmentEvidence(e.frame(), e.timeNanos(), e.from(), e.flagText(), relSeq, relAck,
                        e.payload(), e.window()));
            }
        }
        return out;
    }
}
