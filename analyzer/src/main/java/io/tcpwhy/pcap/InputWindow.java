package io.tcpwhy.pcap;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A sliding window over a capture's (uncompressed) bytes: one large array that the
 * channel fills, so records are parsed in place. A record straddling the end of the
 * array is moved to its start (compaction); a record larger than the array makes the
 * array grow, step by step as its bytes arrive, up to what the caller's length caps
 * allow: never by what a length field claims before the bytes are there.
 *
 * <p>Fields are read from the array with byte-order views, never through the shared
 * {@link ByteBuffer}, so a decoder that changes that buffer's order, position or limit
 * cannot disturb the framing.
 */
final class InputWindow implements Closeable {

    static final int DEFAULT_CAPACITY = 4 << 20;

    // RFC 1952 section 2.3.1: ID1 = 0x1f, ID2 = 0x8b open every gzip member.
    private static final int GZIP_ID1 = 0x1f;
    private static final int GZIP_ID2 = 0x8b;
    private static final int GZIP_MAGIC_LENGTH = 2;
    private static final int GZIP_INPUT_BUFFER = 64 << 10;
    // RFC 1952 section 2.3: every member ends with CRC32 and ISIZE, four bytes each.
    private static final int GZIP_TRAILER = 8;
    private static final int GROWTH_GRANULE = 64 << 10;
    // The JVM refuses arrays a few elements short of Integer.MAX_VALUE.
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final String file;
    private final ReadableByteChannel channel;
    private final CountingInputStream compressedCount; // null when not gzip
    private final MemberGzip gzipStream; // null when not gzip
    private byte[] array;
    private ByteBuffer buffer;
    private int pos;
    private int end;
    private long base; // uncompressed file offset of array[0]
    private boolean eof;

    private InputWindow(String file, ReadableByteChannel channel, CountingInputStream compressedCount,
                        MemberGzip gzipStream, int capacity, byte[] prefix, int prefixLength) {
        this.file = file;
        this.channel = channel;
        this.compressedCount = compressedCount;
        this.gzipStream = gzipStream;
        this.array = new byte[Math.max(capacity, GZIP_MAGIC_LENGTH)];
        this.buffer = ByteBuffer.wrap(array);
        System.arraycopy(prefix, 0, array, 0, prefixLength);
        this.end = prefixLength;
    }

    /**
     * Opens a window over {@code channel}, decompressing when the first bytes are the gzip
     * magic. The channel is read sequentially only, so pipes work too.
     */
    static InputWindow open(String file, ReadableByteChannel channel, int capacity) throws IOException {
        byte[] sniff = new byte[GZIP_MAGIC_LENGTH];
        ByteBuffer sniffBuffer = ByteBuffer.wrap(sniff);
        while (sniffBuffer.hasRemaining() && channel.read(sniffBuffer) >= 0) {
            // a channel may deliver fewer bytes than asked; keep reading until two or EOF
        }
        int sniffed = sniffBuffer.position();
        boolean gzip = sniffed == GZIP_MAGIC_LENGTH
                && (sniff[0] & 0xff) == GZIP_ID1 && (sniff[1] & 0xff) == GZIP_ID2;
        if (!gzip) {
            return new InputWindow(file, channel, null, null, capacity, sniff, sniffed);
        }
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(sniff), Channels.newInputStream(channel));
        CountingInputStream counted = new CountingInputStream(rest);
        MemberGzip unzipped;
        try {
            unzipped = new MemberGzip(counted);
        } catch (EOFException | ZipException e) {
            throw new CaptureFormatException(file, 0, "gzip header is damaged: " + e.getMessage()
                    + " (expected a complete RFC 1952 member header)");
        }
        return new InputWindow(file, new StreamChannel(unzipped), counted, unzipped, capacity, sniff, 0);
    }

    boolean compressed() {
        return compressedCount != null;
    }

    /**
     * Makes {@code length} bytes from the current position readable in the array.
     *
     * @return false when the input ends first; {@link #available()} then says how many
     *         bytes there were
     */
    boolean request(int length) throws IOException {
        if (end - pos >= length) {
            return true;
        }
        if (length > array.length - pos) {
            compact();
        }
        while (end - pos < length && !eof) {
            if (end == array.length) {
                grow(length);
            }
            fill();
        }
        return end - pos >= length;
    }

    /** Moves the unread bytes to the start of the array. */
    private void compact() {
        int kept = end - pos;
        System.arraycopy(array, pos, array, 0, kept);
        base += pos;
        pos = 0;
        end = kept;
    }

    /**
     * Grows the array towards {@code length} bytes from the current position, only when it is
     * full of bytes actually read: a length a file claims never sizes an allocation by
     * itself, so memory follows the bytes that arrive (at most twice them) and a short file
     * or a stream that ends claiming a huge record costs nothing. Rounded up so a run of
     * slightly growing giants does not reallocate each time.
     */
    private void grow(int length) {
        compact();
        long wanted = Math.min((long) length, Math.max(2L * array.length, array.length + GROWTH_GRANULE));
        long rounded = (wanted + GROWTH_GRANULE - 1) / GROWTH_GRANULE * GROWTH_GRANULE;
        byte[] target = new byte[(int) Math.min(rounded, MAX_ARRAY_LENGTH)];
        System.arraycopy(array, 0, target, 0, end);
        array = target;
        buffer = ByteBuffer.wrap(array);
    }

    private void fill() throws IOException {
        buffer.clear().position(end);
        int read;
        try {
            read = channel.read(buffer);
        } catch (EOFException | ZipException e) {
            if (!compressed()) {
                throw e;
            }
            throw new CaptureFormatException(file, base + end, "gzip data ends or breaks after "
                    + (base + end) + " uncompressed bytes: " + e.getMessage()
                    + " (expected compressed data up to the gzip trailer)");
        }
        if (read < 0) {
            eof = true;
            if (gzipStream != null && gzipStream.bytesAfterLastMember()) {
                throw new CaptureFormatException(file, base + end, "the gzip data ends at compressed byte "
                        + gzipStream.membersEnd() + ", and bytes that are not a gzip member follow (expected the"
                        + " end of the file or another member); everything before them was read");
            }
        } else {
            end += read;
        }
    }

    int available() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    void skip(int length) {
        pos += length;
    }

    /** Uncompressed file offset of an array index. */
    long offset(int index) {
        return base + index;
    }

    byte[] array() {
        return array;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** Bytes of the file on disk consumed: parsed bytes, or compressed bytes read for gzip. */
    long bytesConsumed() {
        return compressedCount != null ? compressedCount.count : base + pos;
    }

    int u8(int index) {
        return array[index] & 0xff;
    }

    int u16(int index, boolean little) {
        short v = little ? (short) LE16.get(array, index) : (short) BE16.get(array, index);
        return v & 0xffff;
    }

    int i32(int index, boolean little) {
        return little ? (int) LE32.get(array, index) : (int) BE32.get(array, index);
    }

    long u32(int index, boolean little) {
        return Integer.toUnsignedLong(i32(index, little));
    }

    /** Two 32-bit words, high first, each in the given order: the pcapng packet timestamp layout. */
    long highLow64(int index, boolean little) {
        return (u32(index, little) << 32) | u32(index + 4, little);
    }

    /** One 64-bit integer in the given order, as pcapng options store them. */
    long i64(int index, boolean little) {
        return little ? (u32(index + 4, true) << 32) | u32(index, true) : highLow64(index, false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * A stream as a channel, one stream read per channel read. {@code Channels.newChannel}
     * keeps reading while the stream reports bytes available, so a gzip stream that breaks
     * off would take the bytes already inflated into that call down with its exception.
     */
    private static final class StreamChannel implements ReadableByteChannel {
        private final InputStream in;
        private boolean open = true;

        StreamChannel(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            int n = in.read(target.array(), target.arrayOffset() + target.position(), target.remaining());
            if (n > 0) {
                target.position(target.position() + n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            in.close();
        }
    }

    /**
     * A gzip stream that notices bytes after its last member. {@link GZIPInputStream} reads
     * members one after another (RFC 1952 section 2.2) and, after the last, silently ignores
     * whatever follows that is not a member: a capture with garbage appended, or a second,
     * damaged member and everything in it, would be taken as complete.
     */
    private static final class MemberGzip extends GZIPInputStream {
        private final CountingInputStream source;
        private boolean ended;
        private boolean bytesAfter;
        private long membersEnd;

        MemberGzip(CountingInputStream source) throws IOException {
            super(source, GZIP_INPUT_BUFFER);
            this.source = source;
            source.deflateEnded = () -> inf.finished();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            source.readAfterDeflateEnd = 0;
            int n = super.read(b, off, len);
            if (n < 0 && !ended) {
                ended = true;
                // After the last member's deflate data: what the inflater had buffered beyond it, and
                // what the trailer (and a failed look for another member) read from the file since.
                long after = inf.getRemaining() + source.readAfterDeflateEnd;
                membersEnd = source.count - after + GZIP_TRAILER;
                bytesAfter = after > GZIP_TRAILER || source.read() >= 0;
            }
            return n;
        }

        /** Whether, once the stream has ended, bytes followed the last member. */
        boolean bytesAfterLastMember() {
            return bytesAfter;
        }

        /** The compressed offset where the last member ended. */
        long membersEnd() {
            return membersEnd;
        }
    }

    /** Counts compressed bytes for progress reports, and those read once a member's deflate data ended. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;
        long readAfterDeflateEnd;
        BooleanSupplier deflateEnded = () -> false;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                if (deflateEnded.getAsBoolean()) {
                    readAfterDeflateEnd++;
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (deflateEnded.getAsBoolean()) {
                    readAfterDeflateEnd += n;
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            if (deflateEnded.getAsBoolean()) {
                readAfterDeflateEnd += skipped;
            }
            return skipped;
        }
    }
}
