package io.tcpwhy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * A {@link PrintWriter} that also lends out the byte stream beneath it, so that a report
 * which produces bytes (Jackson's UTF-8 generator) writes them there instead of through
 * this writer's buffer and encoder. {@link Main} makes one over standard output; tests
 * that pass a plain {@code PrintWriter} get the char path, with the same text.
 */
final class BytePrintWriter extends PrintWriter {

    private final OutputStream bytes;
    private final Charset charset;
    private final StandardOutput sink;

    /**
     * @param bytes   buffered by the caller: both this writer and a byte report write to it
     * @param charset what this writer encodes chars in (the platform's, as {@code new
     *                PrintWriter(System.out)} does)
     */
    BytePrintWriter(OutputStream bytes, Charset charset, boolean autoFlush) {
        this(bytes, charset, autoFlush, null);
    }

    /**
     * @param sink the stream at the bottom of {@code bytes}, which keeps its first write
     *             error ({@link #sinkFailure}); null when there is none to ask
     */
    BytePrintWriter(OutputStream bytes, Charset charset, boolean autoFlush, StandardOutput sink) {
        super(new BufferedWriter(new OutputStreamWriter(bytes, charset)), autoFlush);
        this.bytes = bytes;
        this.charset = charset;
        this.sink = sink;
    }

    /** The first error writing to the sink beneath, or null: none yet, or no sink to ask. */
    IOException sinkFailure() {
        return sink == null ? null : sink.failure();
    }

    /**
     * The byte stream, after whatever this writer still buffers has been written to it,
     * so that what was printed so far comes first. {@link #flush} flushes the stream too.
     */
    OutputStream bytes() {
        flush();
        return bytes;
    }

    Charset charset() {
        return charset;
    }
}
