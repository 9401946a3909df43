package io.tcpwhy.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Streams the frames of a classic pcap or pcapng capture, gzip-compressed or not, without
 * allocating per frame:
 *
 * <pre>
 * try (CaptureReader reader = CaptureReader.open(path)) {
 *     while (reader.next()) {
 *         decode(reader.linkType(), reader.buffer(), reader.dataOffset(), reader.capturedLength());
 *     }
 * }
 * </pre>
 *
 * <p>The frame accessors are valid after {@link #next()} returned true and until the
 * following call. {@link #buffer()} is shared: read it with absolute gets between {@link
 * #dataOffset()} and {@code dataOffset() + capturedLength()}, and fetch it again for each
 * frame because it is replaced when a frame outgrows it. It is big-endian (network order).
 *
 * <p>Damage stops the read with a {@link CaptureFormatException} naming the file, the
 * uncompressed byte offset and what was expected; the frames before it were delivered and
 * stay counted, and further calls to {@code next()} throw the same exception.
 */
public final class CaptureReader implements Closeable {

    /**
     * The largest captured length believed, 64 MiB: far above any frame of a link that
     * carries TCP (libpcap caps snap lengths at 256 KiB, Wireshark at 256 KiB for those
     * links) yet small enough to hold twice under a 256 MiB heap, so a garbage length is
     * caught as damage and a record that really is that long still fits.
     */
    public static final int MAX_CAPTURED_LENGTH = 64 << 20;
    /** The least window a file is read through, however small the file. */
    private static final int SMALL_FILE_WINDOW = 64 << 10;

    private static final int MAGIC_LENGTH = 4;

    private final Channel channel;
    private final InputWindow in;
    private final RecordFormat format;
    private final long fileSize;
    private long frameNumber;
    private CaptureFormatException failure;

    private CaptureReader(Channel channel, InputWindow in, RecordFormat format, long fileSize) {
        this.channel = channel;
        this.in = in;
        this.format = format;
        this.fileSize = fileSize;
    }

    /**
     * Opens a capture and reads its file header.
     *
     * @throws CaptureFormatException when the file is not a capture (empty, wrong magic,
     *         truncated header, damaged gzip header)
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws java.nio.file.AccessDeniedException when it cannot be read
     * @throws IOException for a directory, saying so, or when reading fails
     */
    public static CaptureReader open(Path file) throws IOException {
        return open(file, InputWindow.DEFAULT_CAPACITY);
    }

    /** As {@link #open(Path)} with a chosen initial buffer size, so tests can make frames straddle it. */
    static CaptureReader open(Path file, int bufferCapacity) throws IOException {
        return open(file, bufferCapacity, RawRecordListener.NONE);
    }

    /** As {@link #open(Path)}, showing every validated record's raw bytes to {@code listener} (annotated copies). */
    static CaptureReader open(Path file, int bufferCapacity, RawRecordListener listener) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new IOException(file + ": is a directory (expected a pcap or pcapng file)");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            String name = file.toString();
            // A small file gets a window its size: a 4 MiB array (and the JDK's 4 MiB temporary
            // direct buffer for reading into it) was a tenth of a 7-frame sample's analysis. The
            // window still grows as bytes arrive, for a compressed file that inflates.
            int capacity = attributes.isRegularFile() && attributes.size() < bufferCapacity
                    ? (int) Math.min(bufferCapacity, Math.max(attributes.size() + 1, SMALL_FILE_WINDOW))
                    : bufferCapacity;
            InputWindow in = InputWindow.open(name, channel, capacity);
            RecordFormat format = detect(name, in, listener);
            return new CaptureReader(channel, in, format, attributes.isRegularFile() ? attributes.size() : -1);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Opens a capture read from a stream, such as standard input ({@code tcpdump -w - |
     * tcpwhy analyze -}): read sequentially, never sized, {@link #fileSize()} -1.
     *
     * @param name how messages name the input, e.g. {@code "-"} or {@code "stdin"}
     * @throws CaptureFormatException as {@link #open(Path)}
     */
    public static CaptureReader open(String name, InputStream stream) throws IOException {
        ReadableByteChannel channel = Channels.newChannel(stream);
        InputWindow in = InputWindow.open(name, channel, InputWindow.DEFAULT_CAPACITY);
        return new CaptureReader(channel, in, detect(name, in, RawRecordListener.NONE), -1);
    }

    private static RecordFormat detect(String file, InputWindow in, RawRecordListener listener) throws IOException {
        String where = in.compressed() ? " after gzip decompression" : "";
        if (!in.request(MAGIC_LENGTH)) {
            if (in.available() == 0) {
                throw new CaptureFormatException(file, 0, "file is empty" + where
                        + " (expected a pcap or pcapng file header)");
            }
            throw new CaptureFormatException(file, 0, "file header is cut short" + where + ": " + in.available()
                    + " bytes (expected at least " + MAGIC_LENGTH + ")");
        }
        int p = in.position();
        int magic = in.i32(p, false);
        if (magic == PcapngFormat.TYPE_SECTION_HEADER) {
            return PcapngFormat.open(file, in, listener);
        }
        if (magic == PcapFormat.MAGIC_MICROSECONDS || magic == PcapFormat.MAGIC_NANOSECONDS) {
            return PcapFormat.open(file, in, false, magic == PcapFormat.MAGIC_NANOSECONDS, listener);
        }
        int swapped = Integer.reverseBytes(magic);
        if (swapped == PcapFormat.MAGIC_MICROSECONDS || swapped == PcapFormat.MAGIC_NANOSECONDS) {
            return PcapFormat.open(file, in, true, swapped == PcapFormat.MAGIC_NANOSECONDS, listener);
        }
        throw new CaptureFormatException(file, 0, "first 4 bytes" + where + " are " + hex(in, p, MAGIC_LENGTH)
                + " (expected a pcap magic a1 b2 c3 d4 or a1 b2 3c 4d in either byte order,"
                + " or a pcapng Section Header Block 0a 0d 0d 0a)");
    }

    /** Bytes as spaced hex for messages, e.g. {@code 7f 45 4c 46}. */
    static String hex(InputWindow in, int index, int length) {
        StringBuilder text = new StringBuilder(length * 3);
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(String.format("%02x", in.u8(index + i)));
        }
        return text.toString();
    }

    /** "pcap" or "pcapng". */
    public String format() {
        return format.name();
    }

    /**
     * Moves to the next frame.
     *
     * @return false at a clean end of the file
     * @throws CaptureFormatException when the file is damaged at this point
     */
    public boolean next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            if (!format.next()) {
                return false;
            }
        } catch (CaptureFormatException e) {
            failure = e;
            throw e;
        }
        frameNumber++;
        return true;
    }

    /** 1-based, counting every packet record, as Wireshark numbers frames. */
    public long frameNumber() {
        return frameNumber;
    }

    /** Capture time in nanoseconds since the epoch. */
    public long timestampNanos() {
        return format.timestampNanos;
    }

    /**
     * Fraction digits the capture's clock resolves: 6 for microsecond pcap, 9 for
     * nanosecond pcap; for pcapng those of the interface's if_tsresol (0 to 9).
     */
    public int timestampDigits() {
        return format.timestampDigits;
    }

    /** LINKTYPE_ value of this frame's interface (see {@link LinkType}). */
    public int linkType() {
        return format.linkType;
    }

    /** File offset of what declared this frame's link type: 20 in pcap, the Interface Description Block in pcapng. */
    public long linkTypeOffset() {
        return format.linkTypeOffset;
    }

    /** The shared, big-endian buffer holding this frame at {@link #dataOffset()}. */
    public ByteBuffer buffer() {
        return in.buffer();
    }

    public int dataOffset() {
        return format.dataOffset;
    }

    public int capturedLength() {
        return format.capturedLength;
    }

    /** Length on the wire; never below {@link #capturedLength()} even when the file says so. */
    public int originalLength() {
        return format.originalLength;
    }

    /** Uncompressed file offset of this frame's record or block. */
    public long recordOffset() {
        return format.recordOffset;
    }

    /** Bytes of the file on disk consumed so far (compressed bytes for gzip), for progress. */
    public long bytesConsumed() {
        return in.bytesConsumed();
    }

    /** Size of the file on disk, -1 when it is not a regular file. */
    public long fileSize() {
        return fileSize;
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            channel.close();
        }
    }
}
