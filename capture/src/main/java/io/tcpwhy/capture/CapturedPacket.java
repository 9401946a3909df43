package io.tcpwhy.capture;

import java.util.Arrays;

/**
 * One frame as the live capture wrote it to the file, handed to a {@link PacketListener}.
 *
 * @param frame          1-based frame number in the written file, as Wireshark numbers it
 * @param epochNanos     capture time, nanoseconds since 1970-01-01 UTC (microsecond steps when
 *                       libpcap only offers microseconds; see {@link LiveCapture#timestampDigits()})
 * @param linkType       the LINKTYPE_ value of the frame ({@link io.tcpwhy.pcap.LinkType})
 * @param data           the captured bytes, starting with the link-layer header
 * @param originalLength the frame's length on the wire (more than {@code data.length} when cut by the snap length)
 */
public record CapturedPacket(long frame, long epochNanos, int linkType, byte[] data, int originalLength) {

    public CapturedPacket {
        if (frame < 1) {
            throw new IllegalArgumentException("frame " + frame + " (expected 1 or more)");
        }
        if (originalLength < data.length) {
            throw new IllegalArgumentException("original length " + originalLength
                    + " is less than the " + data.length + " captured bytes");
        }
        data = data.clone();
    }

    /** A copy of the captured bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedPacket p && frame == p.frame && epochNanos == p.epochNanos
                && linkType == p.linkType && originalLength == p.originalLength && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frame) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CapturedPacket[frame=" + frame + ", epochNanos=" + epochNanos + ", linkType=" + linkType
                + ", " + data.length + " of " + originalLength + " bytes]";
    }
}
