package io.tcpwhy;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.diagnosis.ConnectionRecorder;
import io.tcpwhy.diagnosis.Diagnoser;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.tcp.ConnectionTracker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The analysis of a stream of frames, wherever they come from: a capture file
 * ({@link Analyzer}) or a live capture. Each frame is decoded and tracked at once; each
 * connection is diagnosed as the tracker finishes it and handed on in order of first
 * frame. Not thread-safe: feed it from one thread.
 */
public final class FrameAnalysis {

    private final PacketDecoder decoder = new PacketDecoder();
    private final Diagnoser diagnoser = new Diagnoser();
    private final InIdOrder ordered;
    private final ConnectionTracker<ConnectionRecorder> tracker;
    private final Set<Integer> linkTypes = new LinkedHashSet<>();
    private int timestampDigits = 6;
    private long frames;
    private long tcpFrames;
    private long nonTcp;
    private long malformed;
    private long truncated;
    private long unsupportedLinkFrames;

    /** Reports go to {@code sink} with ids from {@code firstId} on. */
    public FrameAnalysis(int firstId, Consumer<ConnectionReport> sink) {
        this.ordered = new InIdOrder(firstId, sink);
        this.tracker = new ConnectionTracker<>(ConnectionRecorder::new,
                c -> ordered.add(diagnoser.explain(c, timestampDigits)));
    }

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

    /** End of the frames: every connection still held is diagnosed and handed on. */
    public void finish() {
        tracker.finish();
        ordered.flush();
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
