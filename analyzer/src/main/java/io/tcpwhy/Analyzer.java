package io.tcpwhy;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.diagnosis.ConnectionRecorder;
import io.tcpwhy.diagnosis.Diagnoser;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.LinkType;
import io.tcpwhy.tcp.ConnectionTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Explains every TCP connection in a capture file: reads it, decodes each frame,
 * tracks connections and diagnoses each as it ends. Memory grows with the connections
 * open at once, not with the file.
 */
public final class Analyzer {

    /** Frames between two progress reports: often enough for a terminal, rare enough to cost nothing. */
    private static final int PROGRESS_EVERY_FRAMES = 1 << 16;

    /**
     * Analyzes one file, handing each connection's report to {@code sink} in order of
     * first frame, with ids starting at {@code firstId}.
     *
     * @return what was read; {@code complete} is false when damage after the start of
     *         the file stopped the read (everything before it was still reported)
     * @throws CaptureFormatException when the file is not a capture at all (empty, wrong
     *         magic, truncated header) or holds only frames of unsupported link types
     * @throws IOException when the file cannot be read (missing, a directory, no permission)
     */
    public InputReport analyze(Path file, int firstId, Consumer<ConnectionReport> sink, ProgressListener progress)
            throws IOException {
        try (CaptureReader reader = CaptureReader.open(file)) {
            Run run = new Run(reader, firstId, sink);
            String error = null;
            try {
                while (reader.next()) {
                    run.frame();
                    if (run.frames % PROGRESS_EVERY_FRAMES == 0) {
                        progress.progress(reader.bytesConsumed(), reader.fileSize(), run.frames);
                    }
                }
            } catch (CaptureFormatException e) {
                // Damage after the start: what came before it is still analyzed and reported.
                error = e.getMessage();
            }
            run.tracker.finish();
            run.ordered.flush();
            progress.progress(reader.bytesConsumed(), reader.fileSize(), run.frames);
            if (run.frames > 0 && run.unsupportedFrames == run.frames) {
                throw new CaptureFormatException(file.toString(), run.unsupportedOffset,
                        "link type " + run.unsupportedLinkType + " (" + LinkType.name(run.unsupportedLinkType)
                                + ") is not supported (expected one of " + LinkType.supportedNames() + ")");
            }
            List<String> linkNames = new ArrayList<>();
            for (int lt : run.linkTypes) {
                linkNames.add(LinkType.name(lt));
            }
            return new InputReport(file.toString(), reader.format(), linkNames, run.frames, run.tcpFrames,
                    run.nonTcp, run.malformed, run.truncated, error == null, error);
        }
    }

    /** The state of one file's analysis. */
    private static final class Run {
        final CaptureReader reader;
        final PacketDecoder decoder = new PacketDecoder();
        final Diagnoser diagnoser = new Diagnoser();
        final InIdOrder ordered;
        final ConnectionTracker<ConnectionRecorder> tracker;
        final Set<Integer> linkTypes = new LinkedHashSet<>();
        long frames;
        long tcpFrames;
        long nonTcp;
        long malformed;
        long truncated;
        long unsupportedFrames;
        int unsupportedLinkType;
        long unsupportedOffset;

        Run(CaptureReader reader, int firstId, Consumer<ConnectionReport> sink) {
            this.reader = reader;
            this.ordered = new InIdOrder(firstId, sink);
            this.tracker = new ConnectionTracker<>(ConnectionRecorder::new,
                    c -> ordered.add(diagnoser.explain(c, reader.timestampDigits())));
        }

        void frame() {
            frames++;
            int linkType = reader.linkType();
            linkTypes.add(linkType);
            DecodeResult r = decoder.decode(reader.frameNumber(), reader.timestampNanos(), linkType,
                    reader.buffer(), reader.dataOffset(), reader.capturedLength());
            if (r instanceof TcpSegment s) {
                tcpFrames++;
                tracker.onSegment(s);
                return;
            }
            switch ((DecodeResult.Skip) r) {
                case MALFORMED -> malformed++;
                case TRUNCATED -> truncated++;
                case UNSUPPORTED_LINK -> {
                    nonTcp++;
                    if (unsupportedFrames++ == 0) {
                        unsupportedLinkType = linkType;
                        unsupportedOffset = reader.linkTypeOffset();
                    }
                }
                // IPv4/IPv6 fragments are not TCP segments tcpwhy can place; they count with non-TCP.
                case NON_TCP, IP_FRAGMENT -> nonTcp++;
            }
        }
    }
}
