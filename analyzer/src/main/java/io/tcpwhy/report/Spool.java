package io.tcpwhy.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Output that must wait (text stories until a file's table is done): held in memory up to
 * a limit, then moved to a temporary file, so that a capture with a million connections
 * costs disk, not heap. Written once, then {@link #transferTo replayed} in order, then
 * {@link #clear cleared} for reuse.
 *
 * <p>Held as bytes in the output's charset: replayed onto a byte stream they are copied as
 * they are. Written in the blocks the caller hands over (the text report's are a quarter
 * of a mebibyte), each block one write to the file with no buffer between: the 1M-frame
 * capture's 260 MB of stories went through a ByteArrayOutputStream and a 64 KiB
 * BufferedOutputStream before (issue 12).
 */
final class Spool implements Closeable {

    /** 2 MiB of heap before spilling, as much as the 1 Mi chars of old: typical runs never touch the disk. */
    static final int DEFAULT_MEMORY_BYTES = 2 << 20;
    /** Reads of the temporary file in blocks this large. */
    private static final int READ_BYTES = 1 << 18;

    private final int memoryBytes;
    private final Charset charset;
    /** Where the temporary file goes; null for the JVM's ({@code java.io.tmpdir}). */
    private final Path directory;
    /** The content while it is under the limit; grows by doubling, never past the limit. */
    private byte[] memory = new byte[0];
    private int memorySize;
    private Path file;
    private FileChannel fileOut;

    /** A spool of UTF-8, which holds any text: for output that is replayed as chars. */
    Spool(int memoryBytes) {
        this(memoryBytes, StandardCharsets.UTF_8);
    }

    /** @param charset what the bytes written are in: {@link #transferTo(Writer)} decodes them with it */
    Spool(int memoryBytes, Charset charset) {
        this(memoryBytes, charset, null);
    }

    /** @param directory where the temporary file goes; null for {@code java.io.tmpdir} */
    Spool(int memoryBytes, Charset charset, Path directory) {
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memory limit " + memoryBytes + " (expected >= 0)");
        }
        this.memoryBytes = memoryBytes;
        this.charset = charset;
        this.directory = directory;
    }

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}, in this spool's charset. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        if (fileOut == null && length > memoryBytes - memorySize) {
            spill();
        }
        if (fileOut != null) {
            writeFully(ByteBuffer.wrap(bytes, offset, length));
            return;
        }
        if (memorySize + length > memory.length) {
            memory = Arrays.copyOf(memory, Math.min(memoryBytes, Math.max(memorySize + length, memory.length * 2)));
        }
        System.arraycopy(bytes, offset, memory, memorySize, length);
        memorySize += length;
    }

    private void spill() throws IOException {
        file = createFile(); // created rw------- on POSIX
        fileOut = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        writeFully(ByteBuffer.wrap(memory, 0, memorySize));
        memory = new byte[0];
        memorySize = 0;
    }

    /**
     * The temporary file, or an error that says where and what to do: the JDK's own message
     * for a missing or closed directory is the file's path alone.
     */
    private Path createFile() throws IOException {
        Path dir = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return Files.createTempFile(dir, "tcpwhy-", ".spool");
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such directory"
                    : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
            throw new IOException("cannot create a spool file in " + dir + " (" + why + "); a big capture's stories"
                    + " wait there until its table is written: choose another directory with"
                    + " TCPWHY_JAVA_OPTS=-Djava.io.tmpdir=DIR", e);
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            fileOut.write(b);
        }
    }

    boolean isEmpty() {
        return fileOut == null && memorySize == 0;
    }

    /** Whether the content has moved to a temporary file. */
    boolean spilled() {
        return fileOut != null;
    }

    /** Copies everything spooled so far to {@code out}, in order, as it is. */
    void transferTo(OutputStream out) throws IOException {
        if (fileOut == null) {
            out.write(memory, 0, memorySize);
            return;
        }
        long length = fileOut.position();
        byte[] block = new byte[(int) Math.min(READ_BYTES, length)];
        ByteBuffer b = ByteBuffer.wrap(block);
        for (long at = 0; at < length; ) {
            b.clear();
            int n = fileOut.read(b, at);
            if (n < 0) {
                throw new IOException("spool file " + file + " ends at byte " + at + " (expected " + length + ")");
            }
            out.write(block, 0, n);
            at += n;
        }
    }

    /** Writes everything spooled so far to {@code out}, in order, decoded. */
    void transferTo(Writer out) throws IOException {
        if (fileOut == null) {
            out.write(new String(memory, 0, memorySize, charset));
            return;
        }
        try (Reader in = Files.newBufferedReader(file, charset)) {
            in.transferTo(out);
        }
    }

    /** Forgets the content and deletes the temporary file, if any. */
    void clear() throws IOException {
        memorySize = 0;
        if (fileOut != null) {
            FileChannel w = fileOut;
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
