package io.tcpwhy.pcap;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a classic pcap file (draft-ietf-opsawg-pcap) in the machine's byte order, as
 * tcpdump does: evidence files, benchmark inputs, test fixtures. Whatever it writes,
 * {@link CaptureReader} reads back. A frame the format cannot hold as given is adjusted
 * to what it can, and counted in {@link #changes()} so the caller can say so: a frame
 * longer than the snap length is cut to it (the original length keeps the wire length, as
 * a capture with a snap length does), a timestamp outside 1970 to 2106 is clamped to the
 * nearest end, an original length below the captured one is raised to it.
 */
public final class PcapWriter implements Closeable, Flushable {

    /** libpcap's default snap length (MAXIMUM_SNAPLEN). */
    public static final int DEFAULT_SNAPLEN = 262_144;

    private static final int VERSION_MAJOR = 2;
    private static final int VERSION_MINOR = 4;
    private static final int STAGING_CAPACITY = 64 << 10;
    private static final long MAX_SECONDS = 0xffff_ffffL; // ts_sec is an unsigned 32-bit field
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private final FileChannel channel;
    private final ByteBuffer staging;
    private final boolean nanosecond;
    private final int snapLength;
    private boolean closed;
    private long truncatedFrames;
    private long clampedTimestamps;
    private long raisedOriginalLengths;

    /**
     * What the writer changed so far to fit the pcap format.
     *
     * @param truncatedFrames       frames cut to the snap length
     * @param clampedTimestamps     timestamps before 1970 or after 2106 moved to the nearest end
     * @param raisedOriginalLengths original lengths below the captured length, raised to it
     */
    public record Changes(long truncatedFrames, long clampedTimestamps, long raisedOriginalLengths) {

        public boolean any() {
            return truncatedFrames + clampedTimestamps + raisedOriginalLengths > 0;
        }

        /** For a status line, e.g. "2 frames cut to the snap length 262144"; empty when nothing changed. */
        public String describe(int snapLength) {
            StringBuilder text = new StringBuilder();
            if (truncatedFrames > 0) {
                text.append(truncatedFrames).append(truncatedFrames == 1 ? " frame" : " frames")
                        .append(" cut to the snap length ").append(snapLength).append(" (original lengths kept)");
            }
            if (clampedTimestamps > 0) {
                text.append(text.length() > 0 ? ", " : "").append(clampedTimestamps)
                        .append(clampedTimestamps == 1 ? " timestamp" : " timestamps")
                        .append(" outside 1970-2106 clamped to the nearest end");
            }
            if (raisedOriginalLengths > 0) {
                text.append(text.length() > 0 ? ", " : "").append(raisedOriginalLengths)
                        .append(" original lengths below the captured length raised to it");
            }
            return text.toString();
        }
    }

    private PcapWriter(FileChannel channel, ByteOrder order, boolean nanosecond, int snapLength) {
        this.channel = channel;
        this.staging = ByteBuffer.allocate(STAGING_CAPACITY).order(order);
        this.nanosecond = nanosecond;
        this.snapLength = snapLength;
    }

    /** Creates (or truncates) {@code file} with snap length {@link #DEFAULT_SNAPLEN}. */
    public static PcapWriter create(Path file, int linkType, boolean nanosecond) throws IOException {
        return create(file, linkType, nanosecond, DEFAULT_SNAPLEN);
    }

    /** Creates (or truncates) {@code file}; frames longer than {@code snapLength} are cut to it. */
    public static PcapWriter create(Path file, int linkType, boolean nanosecond, int snapLength) throws IOException {
        return create(file, linkType, nanosecond, snapLength, ByteOrder.nativeOrder());
    }

    /** As the public factory, in a chosen byte order: tests cover both. */
    static PcapWriter create(Path file, int linkType, boolean nanosecond, int snapLength, ByteOrder order)
            throws IOException {
        if (linkType < 0 || linkType > 0xffff) {
            throw new IllegalArgumentException("link type " + linkType + " (expected 0 to 65535)");
        }
        if (snapLength <= 0 || snapLength > CaptureReader.MAX_CAPTURED_LENGTH) {
            throw new IllegalArgumentException("snap length " + snapLength + " (expected 1 to "
                    + CaptureReader.MAX_CAPTURED_LENGTH + ")");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        PcapWriter writer = new PcapWriter(channel, order, nanosecond, snapLength);
        try {
            writer.staging
                    .putInt(nanosecond ? PcapFormat.MAGIC_NANOSECONDS : PcapFormat.MAGIC_MICROSECONDS)
                    .putShort((short) VERSION_MAJOR)
                    .putShort((short) VERSION_MINOR)
                    .putInt(0)               // thiszone: timestamps are UTC
                    .putInt(0)               // sigfigs: always 0
                    .putInt(snapLength)
                    .putInt(linkType);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        return writer;
    }

    /**
     * Appends one frame, adjusted to what pcap can hold (see the class comment).
     *
     * @param timestampNanos epoch nanoseconds, 0 to 2^32 seconds (clamped otherwise);
     *                       truncated to microseconds in a microsecond file
     * @param originalLength length on the wire, at least {@code capturedLength} (raised otherwise)
     */
    public void write(long timestampNanos, byte[] frame, int offset, int capturedLength, int originalLength)
            throws IOException {
        Objects.checkFromIndexSize(offset, capturedLength, frame.length);
        if (closed) {
            throw new IOException("pcap writer is closed");
        }
        if (originalLength < capturedLength) {
            originalLength = capturedLength;
            raisedOriginalLengths++;
        }
        if (capturedLength > snapLength) {
            capturedLength = snapLength;
            truncatedFrames++;
        }
        long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
        if (seconds < 0) {
            timestampNanos = 0;
            seconds = 0;
            clampedTimestamps++;
        } else if (seconds > MAX_SECONDS) {
            seconds = MAX_SECONDS;
            timestampNanos = MAX_SECONDS * NANOS_PER_SECOND + (NANOS_PER_SECOND - 1);
            clampedTimestamps++;
        }
        long fraction = timestampNanos - seconds * NANOS_PER_SECOND;
        if (staging.remaining() < PcapFormat.RECORD_HEADER_LENGTH) {
            drain();
        }
        staging.putInt((int) seconds)
                .putInt((int) (nanosecond ? fraction : fraction / NANOS_PER_MICRO))
                .putInt(capturedLength)
                .putInt(originalLength);
        int written = 0;
        while (written < capturedLength) {
            if (!staging.hasRemaining()) {
                drain();
            }
            int chunk = Math.min(staging.remaining(), capturedLength - written);
            staging.put(frame, offset + written, chunk);
            written += chunk;
        }
    }

    /** What was changed so far to fit the format. */
    public Changes changes() {
        return new Changes(truncatedFrames, clampedTimestamps, raisedOriginalLengths);
    }

    public int snapLength() {
        return snapLength;
    }

    private void drain() throws IOException {
        staging.flip();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }

    /** Writes buffered frames to the file. */
    @Override
    public void flush() throws IOException {
        if (!closed) {
            drain();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            drain();
        } finally {
            closed = true;
            channel.close();
        }
    }
}
