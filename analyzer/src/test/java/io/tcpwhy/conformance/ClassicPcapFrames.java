package io.tcpwhy.conformance;

import io.tcpwhy.decode.DecodeResult;
import io.tcpwhy.decode.PacketDecoder;
import io.tcpwhy.decode.TcpSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only stand-in for the capture reader (branch {@code reader}, not merged yet):
 * frames a classic pcap file (either byte order, micro- or nanosecond stamps) and runs
 * each record through the real {@link PacketDecoder}. The conformance traces are all
 * small classic pcap files, so reading them whole is fine here.
 */
final class ClassicPcapFrames {

    // https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-03.html §4, §5
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int FILE_HEADER = 24;
    private static final int LINK_TYPE_AT = 20;
    private static final int RECORD_HEADER = 16;
    private static final int MAX_RECORD = 262_144;

    private ClassicPcapFrames() {
    }

    static List<TcpSegment> segments(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buf.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            buf.order(ByteOrder.BIG_ENDIAN);
            magic = buf.getInt(0);
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            throw new IOException(file + ": not a classic pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        long unit = magic == MAGIC_NANOS ? 1 : 1000;
        int linkType = buf.getInt(LINK_TYPE_AT) & 0x0FFF_FFFF;
        PacketDecoder decoder = new PacketDecoder();
        List<TcpSegment> out = new ArrayList<>();
        long frame = 0;
        int at = FILE_HEADER;
        while (at + RECORD_HEADER <= buf.limit()) {
            long seconds = buf.getInt(at) & 0xFFFF_FFFFL;
            long fraction = buf.getInt(at + 4) & 0xFFFF_FFFFL;
            int captured = buf.getInt(at + 8);
            if (captured < 0 || captured > MAX_RECORD || at + RECORD_HEADER + captured > buf.limit()) {
                throw new IOException(file + ": record at byte " + at + " claims " + captured + " bytes");
            }
            frame++;
            DecodeResult r = decoder.decode(frame, seconds * 1_000_000_000L + fraction * unit, linkType, buf,
                    at + RECORD_HEADER, captured);
            if (r instanceof TcpSegment s) {
                out.add(s);
            }
            at += RECORD_HEADER + captured;
        }
        return out;
    }
}
