package io.tcpwhy.report;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output that must wait (text stories until a file's table is done): held in memory up to
 * a limit, then moved to a temporary file, so that a capture with a million connections
 * costs disk, not heap. Written once, then {@link #transferTo replayed} in order, then
 * {@link #clear cleared} for reuse.
 *
 * <p>Held as bytes in the output's charset: replayed onto a byte stream they are copied as
 * they are. Held as chars, every story was encoded to the file, decoded back and encoded
 * again on the way out, a tenth of a big capture's text run (issue 12).
 */
final class Spool implements Closeable {

    /** 2 MiB of heap before spilling, as much as the 1 Mi chars of old: typical runs never touch the disk. */
    static final int DEFAULT_MEMORY_BYTES = 2 << 20;
    /** Reads and writes of the temporary file in blocks this large. */
    private static final int FILE_BUFFER_BYTES = 1 << 16;

    private final int memoryBytes;
    private final Charset charset;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;

    /** A spool of UTF-8, which holds any text: for output that is replayed as chars. */
    Spool(int memoryBytes) {
        this(memoryBytes, StandardCharsets.UTF_8);
    }

    /** @param charset the output's: what cannot be encoded in it reads {@code ?}, as a writer in it would write */
    Spool(int memoryBytes, Charset charset) {
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memory limit " + memoryBytes + " (expected >= 0)");
        }
        this.memoryBytes = memoryBytes;
        this.charset = charset;
    }

    void write(String text) throws IOException {
        byte[] bytes = text.getBytes(charset);
        if (fileOut != null) {
            fileOut.write(bytes);
            return;
        }
        memory.write(bytes, 0, bytes.length);
        if (memory.size() > memoryBytes) {
            spill();
        }
    }

    private void spill() throws IOException {
        file = Files.createTempFile("tcpwhy-", ".spool"); // created rw------- on POSIX
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES);
        memory.writeTo(fileOut);
        memory = new ByteArrayOutputStream();
    }

    boolean isEmpty() {
        return fileOut == null && memory.size() == 0;
    }

    /** Whether the content has moved to a temporary file. */
    boolean spilled() {
        return fileOut != null;
    }

    /** Copies everything spooled so far to {@code out}, in order, as it is. */
    void transferTo(OutputStream out) throws IOException {
        if (fileOut == null) {
            memory.writeTo(out);
            return;
        }
        fileOut.flush();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[FILE_BUFFER_BYTES];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Writes everything spooled so far to {@code out}, in order, decoded. */
    void transferTo(Writer out) throws IOException {
        if (fileOut == null) {
            out.write(memory.toString(charset));
            return;
        }
        fileOut.flush();
        try (Reader in = Files.newBufferedReader(file, charset)) {
            in.transferTo(out);
        }
    }

    /** Forgets the content and deletes the temporary file, if any. */
    void clear() throws IOException {
        memory.reset();
        if (fileOut != null) {
            OutputStream w = fileOut;
            Path f = file;
            fileOut = null;
            file = null;
            try {
                w.close();
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }

    @Override
    public void close() throws IOException {
        clear();
    }
}
