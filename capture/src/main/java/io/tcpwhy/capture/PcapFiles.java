package io.tcpwhy.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the frames of a live capture to classic pcap files (draft-ietf-opsawg-pcap),
 * rotated by size or age, keeping the newest N. Every file is a valid capture at every
 * moment, even when the process is killed (SIGKILL): a file appears under its name only
 * with its header written (created under a hidden temporary name, then renamed), and every
 * write(2) holds whole records only, so a reader finds nothing cut short. Frames are batched
 * in memory between {@link #flush()} calls; the analysis thread flushes whenever the ring
 * runs empty, so a killed capture loses at most the frames of the batch in hand.
 *
 * <p>Names: without rotation exactly {@code OUT}; with rotation {@code NAME_000001.pcap},
 * {@code NAME_000002.pcap}... for {@code OUT} = {@code NAME.pcap}, so they sort in order.
 */
final class PcapFiles implements AutoCloseable {

    // draft-ietf-opsawg-pcap §4 (file header) and §5 (packet record), written in the host's byte order.
    static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    static final short VERSION_MAJOR = 2;
    static final short VERSION_MINOR = 4;
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;
    /** Batches up to this many bytes per write(2); a larger frame goes out in a gathering write of its own. */
    private static final int BATCH_BYTES = 1 << 20;
    private static final int SEQUENCE_DIGITS = 6;

    private final Path output;
    private final FileRotation rotation;
    private final int linkType;
    private final boolean nanosecond;
    private final int snapLength;
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_BYTES).order(ByteOrder.nativeOrder());
    private final Deque<Path> written = new ArrayDeque<>();
    private FileChannel channel;
    private long fileBytes;
    private long fileStartNanos;
    private int sequence;

    private PcapFiles(Path output, FileRotation rotation, int linkType, boolean nanosecond, int snapLength) {
        this.output = output;
        this.rotation = rotation;
        this.linkType = linkType;
        this.nanosecond = nanosecond;
        this.snapLength = snapLength;
    }

    /** Creates the first file at once, so a path that cannot be written fails before any frame. */
    static PcapFiles create(Path output, FileRotation rotation, int linkType, boolean nanosecond, int snapLength)
            throws IOException {
        PcapFiles files = new PcapFiles(output, rotation, linkType, nanosecond, snapLength);
        files.open(-1);
        return files;
    }

    /** The file being written now. */
    Path current() {
        return written.peekLast();
    }

    /** Appends the frame in {@code data[offset, offset + length)}. */
    void write(long epochNanos, byte[] data, int offset, int length, int originalLength) throws IOException {
        int record = RECORD_HEADER_LENGTH + length;
        if (fileStartNanos < 0) {
            fileStartNanos = epochNanos;
        }
        if (rotation.rotates() && fileBytes > FILE_HEADER_LENGTH
                && ((rotation.maxBytes() > 0 && fileBytes + record > rotation.maxBytes())
                || (rotation.maxSeconds() > 0 && epochNanos - fileStartNanos >= rotation.maxSeconds() * NANOS_PER_SECOND))) {
            flush();
            channel.close();
            open(epochNanos);
        }
        if (batch.remaining() < record) {
            flush();
        }
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long fraction = epochNanos - seconds * NANOS_PER_SECOND;
        ByteBuffer header = record > batch.capacity() ? ByteBuffer.allocate(RECORD_HEADER_LENGTH).order(ByteOrder.nativeOrder())
                : batch;
        header.putInt((int) seconds)
                .putInt((int) (nanosecond ? fraction : fraction / NANOS_PER_MICRO))
                .putInt(length)
                .putInt(Math.max(originalLength, length));
        if (header == batch) {
            batch.put(data, offset, length);
        } else {
            header.flip();
            writeFully(new ByteBuffer[] {header, ByteBuffer.wrap(data, offset, length)});
        }
        fileBytes += record;
    }

    /** Writes the batched records, whole, in one write. */
    void flush() throws IOException {
        if (batch.position() == 0) {
            return;
        }
        batch.flip();
        writeFully(new ByteBuffer[] {batch});
        batch.clear();
    }

    @Override
    public void close() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            flush();
        } finally {
            channel.close();
            channel = null;
        }
    }

    private void writeFully(ByteBuffer[] buffers) throws IOException {
        long total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        long done = 0;
        while (done < total) {
            done += channel.write(buffers);
        }
    }

    private void open(long startNanos) throws IOException {
        Path name = rotation.rotates() ? numbered(++sequence) : output;
        Path dir = name.toAbsolutePath().getParent();
        Path staging = dir.resolve("." + name.getFileName() + ".tcpwhy-tmp");
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH).order(ByteOrder.nativeOrder())
                .putInt(nanosecond ? MAGIC_NANOSECONDS : MAGIC_MICROSECONDS)
                .putShort(VERSION_MAJOR)
                .putShort(VERSION_MINOR)
                .putInt(0)               // thiszone: timestamps are UTC
                .putInt(0)               // sigfigs: always 0
                .putInt(snapLength)
                .putInt(linkType);
        header.flip();
        FileChannel c = FileChannel.open(staging, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            while (header.hasRemaining()) {
                c.write(header);
            }
            Files.move(staging, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            c.close();
            Files.deleteIfExists(staging);
            throw e;
        }
        channel = c;
        fileBytes = FILE_HEADER_LENGTH;
        fileStartNanos = startNanos;
        written.addLast(name);
        while (rotation.keep() > 0 && written.size() > rotation.keep()) {
            Files.deleteIfExists(written.removeFirst());
        }
    }

    /**
     * What went wrong with a file, in words: the JDK's {@link NoSuchFileException} and its kin
     * say only the path ({@code /var/tmp/x/.app.pcap.tcpwhy-tmp}), which reads as no reason at all.
     */
    static String why(Exception e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason()
                    : f instanceof NoSuchFileException ? "no such directory"
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof FileAlreadyExistsException ? "already exists"
                    : f.getClass().getSimpleName();
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason;
        }
        return NativePcap.oneLine(e);
    }

    private Path numbered(int n) {
        String file = output.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String ext = dot > 0 ? file.substring(dot) : "";
        String digits = String.format("%0" + SEQUENCE_DIGITS + "d", n);
        return output.resolveSibling(stem + "_" + digits + ext);
    }
}
