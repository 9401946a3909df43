package io.tcpwhy.capture;

import java.io.EOFException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.TcpPacket.TcpHeader;

/**
 * Reads a capture file back with libpcap (pcap4j offline) into the TCP facts tests check.
 * A second, independent reader: it proves what the live capture wrote without relying on
 * tcpwhy's own file reader.
 */
public final class RecordedFrames {

    /** One TCP segment of the file. {@code flags} as tcpdump prints them, e.g. "S", "SA", "FA", "R", "PA". */
    public record Segment(int srcPort, int dstPort, String flags, int payload) {

        public boolean has(char flag) {
            return flags.indexOf(flag) >= 0;
        }

        @Override
        public String toString() {
            return srcPort + ">" + dstPort + " [" + flags + "] len " + payload;
        }
    }

    private RecordedFrames() {
    }

    /** Every TCP segment in {@code file}, in file order; frames without TCP are left out. */
    public static List<Segment> tcpSegments(Path file) throws Exception {
        List<Segment> segments = new ArrayList<>();
        PcapHandle handle = Pcaps.openOffline(file.toString(), TimestampPrecision.NANO);
        try {
            while (true) {
                Packet packet;
                try {
                    packet = handle.getNextPacketEx();
                } catch (EOFException end) {
                    break;
                } catch (TimeoutException notForFiles) {
                    continue;
                }
                TcpPacket tcp = packet.get(TcpPacket.class);
                if (tcp != null) {
                    TcpHeader h = tcp.getHeader();
                    String flags = (h.getSyn() ? "S" : "") + (h.getFin() ? "F" : "") + (h.getRst() ? "R" : "")
                            + (h.getPsh() ? "P" : "") + (h.getAck() ? "A" : "");
                    int payload = tcp.getPayload() == null ? 0 : tcp.getPayload().length();
                    segments.add(new Segment(h.getSrcPort().valueAsInt(), h.getDstPort().valueAsInt(), flags, payload));
                }
            }
        } finally {
            handle.close();
        }
        return segments;
    }
}
