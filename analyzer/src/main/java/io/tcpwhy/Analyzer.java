package io.tcpwhy;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Explains every TCP connection in a capture file: reads it, decodes each frame,
 * tracks connections and diagnoses each as it ends. Memory grows with the connections
 * open at once, not with the file.
 */
public final class Analyzer {

    /**
     * Analyzes one file, handing each connection's report to {@code sink} in order of
     * first frame, with ids starting at {@code firstId}.
     *
     * @return what was read; {@code complete} is false when damage after the start of
     *         the file stopped the read (everything before it was still reported)
     * @throws io.tcpwhy.pcap.CaptureFormatException when the file is not a capture at all
     *         (empty, wrong magic, truncated header, unsupported link type)
     * @throws IOException when the file cannot be read (missing, a directory, no permission)
     */
    public InputReport analyze(Path file, int firstId, Consumer<ConnectionReport> sink, ProgressListener progress)
            throws IOException {
        // Integration point: reader -> decoder -> tracker -> diagnosis. Wired once the layers land.
        throw new UnsupportedOperationException("analysis pipeline not wired yet");
    }
}
