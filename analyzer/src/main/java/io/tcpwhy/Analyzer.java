package io.tcpwhy;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.pcap.CaptureReader;
import io.tcpwhy.pcap.LinkType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Explains every TCP connection in a capture file: reads it and hands each frame to a
 * {@link FrameAnalysis}. Memory grows with the connections open at once, not with the file.
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
            return analyze(reader, file.toString(), firstId, sink, progress);
        }
    }

    /**
     * As {@link #analyze(Path, int, Consumer, ProgressListener)} for a capture already
     * opened, e.g. from standard input; {@code name} names it in the input report and in
     * messages. The caller closes the reader.
     */
    public InputReport analyze(CaptureReader reader, String name, int firstId, Consumer<ConnectionReport> sink,
                               ProgressListener progress) throws IOException {
        FrameAnalysis analysis = new FrameAnalysis(firstId, sink);
        int unsupportedLinkType = 0;
        long unsupportedOffset = 0;
        String error = null;
        try {
            while (reader.next()) {
                DecodeResult r = analysis.frame(reader.frameNumber(), reader.timestampNanos(),
                        reader.timestampDigits(), reader.linkType(), reader.buffer(), reader.dataOffset(),
                        reader.capturedLength());
                if (r == DecodeResult.Skip.UNSUPPORTED_LINK && analysis.unsupportedLinkFrames() == 1) {
                    unsupportedLinkType = reader.linkType();
                    unsupportedOffset = reader.linkTypeOffset();
                }
                if (analysis.frames() % PROGRESS_EVERY_FRAMES == 0) {
                    progress.progress(reader.bytesConsumed(), reader.fileSize(), analysis.frames());
                }
            }
        } catch (CaptureFormatException e) {
            // Damage after the start: what came before it is still analyzed and reported.
            error = e.getMessage();
        }
        analysis.finish();
        progress.progress(reader.bytesConsumed(), reader.fileSize(), analysis.frames());
        if (analysis.frames() > 0 && analysis.unsupportedLinkFrames() == analysis.frames()) {
            throw new CaptureFormatException(name, unsupportedOffset,
                    "link type " + unsupportedLinkType + " (" + LinkType.name(unsupportedLinkType)
                            + ") is not supported (expected one of " + LinkType.supportedNames() + ")");
        }
        return new InputReport(name, reader.format(), analysis.linkTypeNames(), analysis.frames(),
                analysis.tcpFrames(), analysis.nonTcp(), analysis.malformed(), analysis.truncated(),
                error == null, error);
    }
}
