package io.tcpwhy.pcap;

import java.io.IOException;

/**
 * One capture format's framing: walks its records in an {@link InputWindow} and leaves
 * the current frame's fields here for {@link CaptureReader} to hand out. Only the two
 * formats extend it, so the per-frame call stays cheap.
 */
abstract class RecordFormat {

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    final String file;
    final InputWindow in;
    final RawRecordListener listener;

    long timestampNanos;
    int timestampDigits;
    int linkType;
    long linkTypeOffset;
    int dataOffset;
    int capturedLength;
    int originalLength;
    long recordOffset;

    RecordFormat(String file, InputWindow in, RawRecordListener listener) {
        this.file = file;
        this.in = in;
        this.listener = listener;
    }

    /** "pcap" or "pcapng", as the contract names them. */
    abstract String name();

    /** Moves to the next packet record; false at a clean end of the input. */
    abstract boolean next() throws IOException;

    final CaptureFormatException damage(long byteOffset, String problem) {
        return new CaptureFormatException(file, byteOffset, problem);
    }

    /**
     * Sets the lengths, never letting the original length fall below the captured one:
     * some writers store 0 or a smaller value there, and a frame never lost bytes it has.
     */
    final void lengths(long captured, long original) {
        capturedLength = (int) captured;
        originalLength = (int) Math.min(Math.max(captured, original), Integer.MAX_VALUE);
    }
}
