package io.tcpwhy.pcap;

import java.io.IOException;

/**
 * Sees each record's raw bytes once the framing has validated it, before the reader moves
 * past it: what {@link AnnotatedCapture} copies byte for byte. The bytes are valid until
 * the reader's next read.
 */
interface RawRecordListener {

    RawRecordListener NONE = (array, offset, length, kind, little) -> {
    };

    /** What a raw record is, for a writer that copies it. */
    enum Kind {
        /** Classic pcap's 24-byte file header. */
        PCAP_FILE_HEADER,
        /** A classic pcap record: 16-byte header and the captured bytes (a frame). */
        PCAP_RECORD,
        /** A pcapng Section Header Block. */
        PCAPNG_SECTION_HEADER,
        /** A pcapng Enhanced or obsolete Packet Block (a frame that can carry options). */
        PCAPNG_PACKET,
        /** A pcapng Simple Packet Block (a frame without options). */
        PCAPNG_SIMPLE_PACKET,
        /** Any other pcapng block: interfaces, statistics, name resolution, custom... */
        PCAPNG_OTHER;

        boolean frame() {
            return this == PCAP_RECORD || this == PCAPNG_PACKET || this == PCAPNG_SIMPLE_PACKET;
        }
    }

    /**
     * @param little the byte order of the record's fields (pcapng: its section's)
     */
    void record(byte[] array, int offset, int length, Kind kind, boolean little) throws IOException;
}
