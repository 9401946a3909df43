package io.tcpwhy;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.diagnosis.ConnectionRecorder;
import io.tcpwhy.diagnosis.Diagnoser;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.tcp.ConnectionTracker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The analysis of a stream of frames, wherever they come from: a capture file
 * ({@link Analyzer}) or a live capture. Each frame is decoded and tracked at once; each
 * connection is diagnosed as the tracker finishes it and handed on at once, so reports come
 * in the order connections end (ids stay in order of first frame) and none waits behind a
 * connection that stays open. Not thread-safe: feed it, and call {@link #advanceTo}, from
 * one thread.
 */
public final class FrameAnalysis {

    private final PacketDecoder decoder = new PacketDecoder();
    private final Diagnoser diagnoser = new Diagnoser();
    private final ConnectionTracker<ConnectionRecorder> tracker;
    private final Set<Integer> linkTypes = new LinkedHashSet<>();
    private int timestampDigits = 6;
    private long frames;
    private long tcpFrames;
    private long nonTcp;
    private long malformed;
    private long truncated;
    private long unsupportedLinkFrames;

    /** Reports of a capture file go to {@code sink} with ids from {@code firstId} on. */
    public FrameAnalysis(int firstId, Consumer<ConnectionReport> sink) {
        this(firstId, AnalysisSettings.FILES, sink);
    }

    /** Reports go to {@code sink} as connections end, with ids from {@code firstId} on. */
    public FrameAnalysis(int firstId, AnalysisSettings settings, Consumer<ConnectionReport> sink) {
        int idOffset = firstId - 1;
        this.tracker = new ConnectionTracker<>(ConnectionRecorder::new, settings.tracker(),
                c -> sink.accept(diagnoser.explain(c, timestampDigits).withId(c.id() + idOffset)));
        this.idOffset = idOffset;
    }

    private final int idOffset;

    /**
     * Takes the next frame, its bytes at {@code buf[offset, offset + capturedLength)}.
     *
     * @param timestampDigits the precision of {@code timeNanos}: 6 for microseconds, 9 for nanoseconds
     * @return what the decoder made of it
     */
    public DecodeResult frame(long frameNumber, long timeNanos, int timestampDigits, int linkType, ByteBuffer buf,
                              int offset, int capturedLength) {
        frames++;
        this.timestampDigits = timestampDigits;
        linkTypes.add(linkType);
        DecodeResult r = decoder.decode(frameNumber, timeNanos, linkType, buf, offset, capturedLength);
        if (r instanceof TcpSegment s) {
            tcpFrames++;
            tracker.onSegment(s);
            return r;
        }
        switch ((DecodeResult.Skip) r) {
            case MALFORMED -> malformed++;
            case TRUNCATED -> truncated++;
            case UNSUPPORTED_LINK -> {
                nonTcp++;
                unsupportedLinkFrames++;
            }
            // IPv4/IPv6 fragments are not TCP segments tcpwhy can place; they count with non-TCP.
            case NON_TCP, IP_FRAGMENT -> nonTcp++;
        }
        return r;
    }

    /**
     * Time passes to {@code nanos} (capture clock, nanoseconds since the epoch) with no
     * frame: a live capture calls this with the wall clock so that a connection that ended
     * on a quiet port is reported all the same.
     */
    public void advanceTo(long nanos) {
        tracker.advanceTo(nanos);
    }

    /** The capture lost {@code frames} frames just now; every connection open now will say so. */
    public void framesDropped(long frames) {
        tracker.framesDropped(frames);
    }

    /** Every connection still open, with each side's state and since when. */
    public List<OpenConnection> openSnapshot() {
        return openSnapshot((client, server) -> true);
    }

    /**
     * The connections still open whose client and server states {@code states} accepts, in id
     * order. A live capture's leak watch looks at a few states twice a second: a snapshot of
     * every held connection was 3% of its analysis thread under load.
     */
    public List<OpenConnection> openSnapshot(BiPredicate<TcpState, TcpState> states) {
        List<OpenConnection> out = new ArrayList<>();
        tracker.forEachOpen(v -> {
            ConnectionRecorder r = v.observer();
            if (!states.test(r.currentState(Side.CLIENT), r.currentState(Side.SERVER))) {
                return;
            }
            out.add(new OpenConnection(v.id() + idOffset, v.client(), v.server(), r.currentState(Side.CLIENT),
                    r.currentState(Side.SERVER), r.stateSince(Side.CLIENT, v.startNanos()),
                    r.stateSince(Side.SERVER, v.startNanos()), v.startNanos(), v.lastNanos()));
        });
        out.sort(java.util.Comparator.comparingInt(OpenConnection::id));
        return out;
    }

    /** End of the frames: every connection still held is diagnosed and handed on. */
    public void finish() {
        tracker.finish();
    }

    /** Connections tracked right now. */
    public int openConnections() {
        return tracker.openConnections();
    }

    public long frames() {
        return frames;
    }

    public long tcpFrames() {
        return tcpFrames;
    }

    public long nonTcp() {
        return nonTcp;
    }

    public long malformed() {
        return malformed;
    }

    public long truncated() {
        return truncated;
    }

    /** Frames of link types tcpwhy does not decode (counted in {@link #nonTcp()} too). */
    public long unsupportedLinkFrames() {
        return unsupportedLinkFrames;
    }

    /** Names of the link types seen, in order of first appearance. */
    public List<String> linkTypeNames() {
        List<String> names = new ArrayList<>();
        for (int lt : linkTypes) {
            names.add(LinkType.name(lt));
        }
        return names;
    }
}
