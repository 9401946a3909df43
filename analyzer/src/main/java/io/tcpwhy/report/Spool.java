package io.tcpwhy.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output that must wait (the JSON connections until the inputs are known, text stories
 * until a file's table is done): held in memory up to a limit, then moved to a temporary
 * file, so that a capture with a million connections costs disk, not heap. Written once,
 * then {@link #transferTo replayed} in order, then {@link #clear cleared} for reuse.
 */
final class Spool extends Writer {

    /** 1 Mi chars (2 MiB of heap) before spilling: typical runs never touch the disk. */
    static final int DEFAULT_MEMORY_CHARS = 1 << 20;

    private final int memoryChars;
    private final StringBuilder memory = new StringBuilder();
    private Path file;
    private Writer fileOut;

    Spool(int memoryChars) {
        if (memoryChars < 0) {
            throw new IllegalArgumentException("memory limit " + memoryChars + " (expected >= 0)");
        }
        this.memoryChars = memoryChars;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        if (fileOut != null) {
            fileOut.write(buf, off, len);
            return;
        }
        memory.append(buf, off, len);
        if (memory.length() > memoryChars) {
            spill();
        }
    }

    private void spill() throws IOException {
        file = Files.createTempFile("tcpwhy-", ".spool"); // created rw------- on POSIX
        fileOut = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        fileOut.append(memory);
        memory.setLength(0);
        memory.trimToSize();
    }

    boolean isEmpty() {
        return fileOut == null && memory.length() == 0;
    }

    /** Whether the content has moved to a temporary file. */
    boolean spilled() {
        return fileOut != null;
    }

    /** Writes everything spooled so far to {@code out}, in order. */
    void transferTo(Writer out) throws IOException {
        if (fileOut == null) {
            out.append(memory);
            return;
        }
        fileOut.flush();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.transferTo(out);
        }
    }

    /** Forgets the content and deletes the temporary file, if any. */
    void clear() throws IOException {
        memory.setLength(0);
        if (fileOut != null) {
            Writer w = fileOut;
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
    public void flush() throws IOException {
        if (fileOut != null) {
            fileOut.flush();
        }
    }

    @Override
    public void close() throws IOException {
        clear();
    }
}
