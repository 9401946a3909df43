package io.tcpwhy.model;

import java.util.List;

/**
 * What was read from one capture file: the contract's {@code input} entry.
 *
 * @param format    "pcap" or "pcapng"
 * @param linkTypes link type names in order of first appearance, e.g. "EN10MB"
 * @param complete  false when damage stopped the read before the end
 * @param error     what stopped the read, with the byte offset; null when complete
 */
public record InputReport(String path, String format, List<String> linkTypes, long frames, long tcpFrames,
                          long skippedNonTcp, long skippedMalformed, long skippedTruncated,
                          boolean complete, String error) {

    public InputReport {
        linkTypes = List.copyOf(linkTypes);
    }
}
