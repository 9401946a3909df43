package io.tcpwhy.pcap;

import java.io.IOException;

/**
 * Classic libpcap framing (draft-ietf-opsawg-pcap): a 24-byte file header, then records
 * of a 16-byte header and the captured bytes. Nothing frames a record but its own length
 * field, so that field is checked against the snap length and {@link
 * CaptureReader#MAX_CAPTURED_LENGTH} before the reader trusts it: garbage in the middle of
 * a file shows up here.
 */
final class PcapFormat extends RecordFormat {

    static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    static final int MAGIC_NANOSECONDS = 0xa1b23c4d;

    // draft-ietf-opsawg-pcap section 4: file header.
    static final int FILE_HEADER_LENGTH = 24;
    private static final int OFFSET_VERSION_MAJOR = 4;
    private static final int OFFSET_VERSION_MINOR = 6;
    private static final int OFFSET_SNAPLEN = 16;
    static final int OFFSET_LINKTYPE = 20;
    private static final int SUPPORTED_VERSION_MAJOR = 2;
    // Section 4: the upper 16 bits of the LinkType field carry FCS length and reserved bits.
    private static final int LINKTYPE_MASK = 0xffff;

    // Section 5: packet record header.
    static final int RECORD_HEADER_LENGTH = 16;
    private static final int OFFSET_TS_SECONDS = 0;
    private static final int OFFSET_TS_FRACTION = 4;
    private static final int OFFSET_CAPTURED_LENGTH = 8;
    private static final int OFFSET_ORIGINAL_LENGTH = 12;

    private final boolean little;
    private final long fractionNanos;
    private final long captureLimit;

    private PcapFormat(String file, InputWindow in, RawRecordListener listener, boolean little, boolean nanosecond,
                       long snapLength, int linkType) {
        super(file, in, listener);
        this.little = little;
        this.fractionNanos = nanosecond ? 1 : 1_000;
        this.captureLimit = snapLength > 0 ? Math.min(snapLength, CaptureReader.MAX_CAPTURED_LENGTH)
                : CaptureReader.MAX_CAPTURED_LENGTH;
        this.timestampDigits = nanosecond ? 9 : 6;
        this.linkType = linkType;
        this.linkTypeOffset = OFFSET_LINKTYPE;
    }

    /** Reads the file header; the window stands at offset 0 and holds at least the 4-byte magic. */
    static PcapFormat open(String file, InputWindow in, boolean little, boolean nanosecond, RawRecordListener listener)
            throws IOException {
        if (!in.request(FILE_HEADER_LENGTH)) {
            throw new CaptureFormatException(file, 0, "pcap file header is cut short: " + in.available()
                    + " bytes (expected " + FILE_HEADER_LENGTH + ")");
        }
        int p = in.position();
        int major = in.u16(p + OFFSET_VERSION_MAJOR, little);
        int minor = in.u16(p + OFFSET_VERSION_MINOR, little);
        if (major != SUPPORTED_VERSION_MAJOR) {
            throw new CaptureFormatException(file, OFFSET_VERSION_MAJOR, "pcap version " + major + "." + minor
                    + " (expected 2.4)");
        }
        long snapLength = in.u32(p + OFFSET_SNAPLEN, little);
        int linkType = in.i32(p + OFFSET_LINKTYPE, little) & LINKTYPE_MASK;
        listener.record(in.array(), p, FILE_HEADER_LENGTH, RawRecordListener.Kind.PCAP_FILE_HEADER, little);
        in.skip(FILE_HEADER_LENGTH);
        return new PcapFormat(file, in, listener, little, nanosecond, snapLength, linkType);
    }

    /**
     * A record of no bytes at time 0 is no frame libpcap writes: it is where a file turns
     * into zeros. Stopping there keeps a 2 GB zero-filled tail from reading as 134 million
     * empty frames.
     */
    private boolean allZero(int p) {
        for (int i = 0; i < RECORD_HEADER_LENGTH; i += Integer.BYTES) {
            if (in.i32(p + i, false) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    String name() {
        return "pcap";
    }

    @Override
    boolean next() throws IOException {
        if (!in.request(RECORD_HEADER_LENGTH)) {
            if (in.available() == 0) {
                return false;
            }
            throw damage(in.offset(in.position()), "record header is cut short: " + in.available()
                    + " bytes (expected " + RECORD_HEADER_LENGTH + ")");
        }
        int p = in.position();
        if (allZero(p)) {
            throw damage(in.offset(p), "record header is all zeros (expected a frame; the file is probably zero-filled"
                    + " from here, as a capture cut off by a crash or a preallocated file is)");
        }
        long captured = in.u32(p + OFFSET_CAPTURED_LENGTH, little);
        if (captured > captureLimit) {
            throw damage(in.offset(p), "record claims " + captured + " bytes (expected at most " + captureLimit + ")");
        }
        int total = RECORD_HEADER_LENGTH + (int) captured;
        if (!in.request(total)) {
            p = in.position();
            throw damage(in.offset(p), "record is cut short: it claims " + captured + " bytes, the file ends after "
                    + (in.available() - RECORD_HEADER_LENGTH) + " (expected the whole record)");
        }
        p = in.position();
        long seconds = in.u32(p + OFFSET_TS_SECONDS, little);
        long fraction = in.u32(p + OFFSET_TS_FRACTION, little);
        timestampNanos = seconds * NANOS_PER_SECOND + fraction * fractionNanos;
        lengths(captured, in.u32(p + OFFSET_ORIGINAL_LENGTH, little));
        dataOffset = p + RECORD_HEADER_LENGTH;
        recordOffset = in.offset(p);
        listener.record(in.array(), p, total, RawRecordListener.Kind.PCAP_RECORD, little);
        in.skip(total);
        return true;
    }
}
