package io.tcpwhy.pcap;

import java.io.IOException;

/**
 * A capture file is not what it claims to be. The message says where (file, byte
 * offset) and what was found against what was expected, for example
 * {@code trace.pcap: byte 1048: record claims 4294967295 bytes (expected at most 262144)}.
 */
public final class CaptureFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final long byteOffset;
    private final String problem;

    public CaptureFormatException(String file, long byteOffset, String problem) {
        super(file + ": byte " + byteOffset + ": " + problem);
        this.file = file;
        this.byteOffset = byteOffset;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** Offset in the (uncompressed) capture where the problem was found. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The problem without file and offset. */
    public String problem() {
        return problem;
    }
}
