package io.tcpwhy.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a capture back as pcapng (draft-ietf-opsawg-pcapng) with comments on chosen
 * frames: each comment an {@code opt_comment} option (code 1, section 3.5) of the frame's
 * Enhanced Packet Block, which Wireshark shows as a packet comment ({@code frame.comment}).
 *
 * <p>A pcapng input is copied block by block: every block that is not a frame (section
 * headers, interfaces, statistics, name resolution, custom blocks) byte for byte; a frame
 * without comments byte for byte; a frame with comments as the same block with the
 * comments put in front of its own options. A Simple Packet Block cannot carry options,
 * so its comments are counted in {@link Result#uncommentableFrames()} instead. A classic
 * pcap input becomes one section with one interface (its link type and snap length,
 * {@code if_tsresol} 10^-9 for a nanosecond file) and one Enhanced Packet Block per record
 * with the record's timestamp, lengths and bytes unchanged.
 *
 * <p>Damage in the input stops the copy after the last whole record, so the output is a
 * valid capture of everything before it; {@link Result#damage()} says what happened.
 */
public final class AnnotatedCapture {

    /** Which frames to write and what to say on them. */
    @FunctionalInterface
    public interface FrameNotes {
        /**
         * @param frame       1-based frame number, as {@link CaptureReader#frameNumber()}
         * @param linkType    the frame's link type
         * @param buffer      the frame's bytes at {@code offset}, big-endian; read with absolute gets only
         * @return the comments for this frame (empty for none), or null to leave the frame out
         */
        List<String> notes(long frame, int linkType, ByteBuffer buffer, int offset, int capturedLength);
    }

    /**
     * @param frames              frames written
     * @param comments            comments written (those on Simple Packet Blocks are not)
     * @param uncommentableFrames frames whose comments could not be written (Simple Packet Blocks)
     * @param damage              the input's damage that stopped the copy, null when it was read to its end
     */
    public record Result(long frames, long comments, long uncommentableFrames, CaptureFormatException damage) {
    }

    // draft-ietf-opsawg-pcapng section 3.1 / 4.1: block layout and Section Header Block.
    private static final int TYPE_SECTION_HEADER = PcapngFormat.TYPE_SECTION_HEADER;
    private static final int TYPE_INTERFACE_DESCRIPTION = 0x00000001;
    private static final int TYPE_ENHANCED_PACKET = 0x00000006;
    private static final int BYTE_ORDER_MAGIC = PcapngFormat.BYTE_ORDER_MAGIC;
    private static final int BLOCK_ALIGNMENT = 4;
    private static final int BLOCK_TRAILER_LENGTH = 4;
    private static final long SECTION_LENGTH_UNSPECIFIED = -1;
    private static final int SHB_LENGTH = 28;
    // Section 4.2: Interface Description Block with if_tsresol (code 9) when nanosecond.
    private static final int IDB_BASE_LENGTH = 20;
    private static final int IF_TSRESOL = 9;
    private static final int TSRESOL_NANOSECONDS = 9;
    // Section 4.3: Enhanced Packet Block.
    private static final int EPB_OFFSET_CAPTURED = 20;
    private static final int EPB_OFFSET_DATA = 28;
    // Section 3.5: options.
    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_COMMENT = 1;
    private static final int OPTION_HEADER_LENGTH = 4;
    /** A comment is cut to this many UTF-8 bytes: an option length is 16 bits, and a comment is a sentence or two. */
    static final int MAX_COMMENT_BYTES = 4096;
    // draft-ietf-opsawg-pcap section 4 / 5: classic pcap header and record fields.
    private static final int PCAP_OFFSET_SNAPLEN = 16;
    private static final int PCAP_LINKTYPE_MASK = 0xffff;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final FileChannel channel;
    private final FrameNotes notes;
    private ByteBuffer staging = ByteBuffer.allocate(64 << 10);
    // The frame record the reader has just validated, written once the reader delivers it.
    private byte[] pendingArray;
    private int pendingOffset;
    private int pendingLength;
    private RawRecordListener.Kind pendingKind;
    private boolean pendingLittle;
    private boolean pcapNanosecond;
    private long frames;
    private long comments;
    private long uncommentable;

    private AnnotatedCapture(FileChannel channel, FrameNotes notes) {
        this.channel = channel;
        this.notes = notes;
    }

    /**
     * Copies {@code input} to {@code output} (created or truncated) as pcapng with {@code
     * notes}' comments.
     *
     * @throws CaptureFormatException when the input is not a capture at all
     * @throws IOException when reading or writing fails
     */
    public static Result write(Path input, Path output, FrameNotes notes) throws IOException {
        return write(input, output, notes, Long.MAX_VALUE);
    }

    /**
     * As {@link #write(Path, Path, FrameNotes)}, stopping after frame {@code lastFrame}: an
     * evidence file needs nothing after its connection's last frame, and damage beyond it is
     * not its concern.
     */
    public static Result write(Path input, Path output, FrameNotes notes, long lastFrame) throws IOException {
        try (FileChannel channel = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            AnnotatedCapture copy = new AnnotatedCapture(channel, notes);
            CaptureFormatException damage = null;
            try (CaptureReader reader = CaptureReader.open(input, InputWindow.DEFAULT_CAPACITY, copy::record)) {
                try {
                    while (reader.frameNumber() < lastFrame && reader.next()) {
                        copy.frame(reader);
                    }
                } catch (CaptureFormatException e) {
                    damage = e;
                }
            }
            copy.drain();
            return new Result(copy.frames, copy.comments, copy.uncommentable, damage);
        }
    }

    /** Called by the reader for every validated record. */
    private void record(byte[] array, int offset, int length, RawRecordListener.Kind kind, boolean little)
            throws IOException {
        if (kind.frame()) {
            pendingArray = array;
            pendingOffset = offset;
            pendingLength = length;
            pendingKind = kind;
            pendingLittle = little;
            return;
        }
        if (kind == RawRecordListener.Kind.PCAP_FILE_HEADER) {
            writePcapngHeader(array, offset, little);
            return;
        }
        ensure(length).put(array, offset, length);
    }

    private void frame(CaptureReader reader) throws IOException {
        List<String> said = notes.notes(reader.frameNumber(), reader.linkType(), reader.buffer(), reader.dataOffset(),
                reader.capturedLength());
        if (said == null) {
            return;
        }
        frames++;
        if (pendingKind == RawRecordListener.Kind.PCAP_RECORD) {
            writeFromPcap(reader, said);
        } else if (pendingKind == RawRecordListener.Kind.PCAPNG_SIMPLE_PACKET || said.isEmpty()) {
            ensure(pendingLength).put(pendingArray, pendingOffset, pendingLength);
            if (!said.isEmpty()) {
                uncommentable++;
            }
        } else {
            writeCommented(said);
        }
    }

    /** One section, one interface: what a classic pcap header says, in its byte order. */
    private void writePcapngHeader(byte[] header, int offset, boolean little) throws IOException {
        ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        staging.order(order);
        ByteBuffer h = ByteBuffer.wrap(header, offset, PcapFormat.FILE_HEADER_LENGTH).slice().order(order);
        pcapNanosecond = h.getInt(0) == PcapFormat.MAGIC_NANOSECONDS;
        int snapLength = h.getInt(PCAP_OFFSET_SNAPLEN);
        int linkType = h.getInt(PcapFormat.OFFSET_LINKTYPE) & PCAP_LINKTYPE_MASK;
        ensure(SHB_LENGTH).putInt(TYPE_SECTION_HEADER).putInt(SHB_LENGTH).putInt(BYTE_ORDER_MAGIC)
                .putShort((short) 1).putShort((short) 0).putLong(SECTION_LENGTH_UNSPECIFIED).putInt(SHB_LENGTH);
        int idbLength = IDB_BASE_LENGTH + (pcapNanosecond ? 2 * OPTION_HEADER_LENGTH + BLOCK_ALIGNMENT : 0);
        ByteBuffer b = ensure(idbLength).putInt(TYPE_INTERFACE_DESCRIPTION).putInt(idbLength)
                .putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        if (pcapNanosecond) {
            b.putShort((short) IF_TSRESOL).putShort((short) 1).put((byte) TSRESOL_NANOSECONDS).put(new byte[3])
                    .putShort((short) OPT_ENDOFOPT).putShort((short) 0);
        }
        b.putInt(idbLength);
    }

    /** A classic pcap record as an Enhanced Packet Block of interface 0, fields unchanged. */
    private void writeFromPcap(CaptureReader reader, List<String> said) throws IOException {
        ByteBuffer r = ByteBuffer.wrap(pendingArray, pendingOffset, pendingLength).slice()
                .order(pendingLittle ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long seconds = Integer.toUnsignedLong(r.getInt(0));
        long fraction = Integer.toUnsignedLong(r.getInt(4));
        long ticks = seconds * (pcapNanosecond ? NANOS_PER_SECOND : MICROS_PER_SECOND) + fraction;
        int captured = reader.capturedLength();
        int originalRaw = r.getInt(12);
        byte[][] encoded = encode(said);
        int length = EPB_OFFSET_DATA + pad(captured) + commentsLength(encoded)
                + (encoded.length > 0 ? OPTION_HEADER_LENGTH : 0) + BLOCK_TRAILER_LENGTH;
        ByteBuffer b = ensure(length).putInt(TYPE_ENHANCED_PACKET).putInt(length).putInt(0)
                .putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(captured).putInt(originalRaw)
                .put(pendingArray, pendingOffset + PcapFormat.RECORD_HEADER_LENGTH, captured)
                .put(new byte[pad(captured) - captured]);
        putOptions(b, encoded, true);
        b.putInt(length);
    }

    /** The same packet block with the comments in front of its own options (kept byte for byte). */
    private void writeCommented(List<String> said) throws IOException {
        ByteOrder order = pendingLittle ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer block = ByteBuffer.wrap(pendingArray, pendingOffset, pendingLength).slice().order(order);
        long captured = Integer.toUnsignedLong(block.getInt(EPB_OFFSET_CAPTURED));
        int optionsStart = EPB_OFFSET_DATA + pad((int) captured);
        int ownOptions = pendingLength - BLOCK_TRAILER_LENGTH - optionsStart;
        byte[][] encoded = encode(said);
        // The block's own options end with its own opt_endofopt (or just end); without any, ours ends them.
        int length = pendingLength + commentsLength(encoded) + (ownOptions == 0 ? OPTION_HEADER_LENGTH : 0);
        ByteBuffer b = ensure(length).order(order).putInt(block.getInt(0)).putInt(length)
                .put(pendingArray, pendingOffset + 8, optionsStart - 8);
        putOptions(b, encoded, ownOptions == 0);
        b.put(pendingArray, pendingOffset + optionsStart, ownOptions).putInt(length);
    }

    private byte[][] encode(List<String> said) {
        byte[][] encoded = new byte[said.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = utf8Prefix(said.get(i), MAX_COMMENT_BYTES);
        }
        comments += encoded.length;
        return encoded;
    }

    /** The comment options' bytes: each padded to 32 bits. */
    private static int commentsLength(byte[][] encoded) {
        int length = 0;
        for (byte[] e : encoded) {
            length += OPTION_HEADER_LENGTH + pad(e.length);
        }
        return length;
    }

    private static void putOptions(ByteBuffer b, byte[][] encoded, boolean endOfOptions) {
        for (byte[] e : encoded) {
            b.putShort((short) OPT_COMMENT).putShort((short) e.length).put(e).put(new byte[pad(e.length) - e.length]);
        }
        if (encoded.length > 0 && endOfOptions) {
            b.putShort((short) OPT_ENDOFOPT).putShort((short) 0);
        }
    }

    /** The longest prefix of {@code text} in at most {@code max} UTF-8 bytes, never splitting a character. */
    static byte[] utf8Prefix(String text, int max) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        if (all.length <= max) {
            return all;
        }
        int cut = max;
        while (cut > 0 && (all[cut] & 0xc0) == 0x80) {
            cut--; // all[cut] continues a character: cut before that character starts
        }
        byte[] prefix = new byte[cut];
        System.arraycopy(all, 0, prefix, 0, cut);
        return prefix;
    }

    private static int pad(int length) {
        return (length + BLOCK_ALIGNMENT - 1) & -BLOCK_ALIGNMENT;
    }

    /** Room for {@code length} more bytes in the staging buffer, draining or growing it. */
    private ByteBuffer ensure(int length) throws IOException {
        if (staging.remaining() < length) {
            drain();
            if (staging.capacity() < length) {
                staging = ByteBuffer.allocate(length).order(staging.order());
            }
        }
        return staging;
    }

    private void drain() throws IOException {
        staging.flip();
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }
}
