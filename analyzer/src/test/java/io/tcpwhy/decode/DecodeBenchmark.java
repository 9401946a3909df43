package io.tcpwhy.decode;

import static io.tcpwhy.decode.Frames.ethernet;
import static io.tcpwhy.decode.Frames.ethernetHeader;
import static io.tcpwhy.decode.Frames.ipv4Builder;
import static io.tcpwhy.decode.Frames.ipv6;
import static io.tcpwhy.decode.Frames.tcp;
import static io.tcpwhy.decode.Frames.vlanTag;

import io.tcpwhy.pcap.LinkType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.packet.TcpNoOperationOption;
import org.pcap4j.packet.TcpTimestampsOption;

/**
 * Decodes/s over a mix of frames laid out back to back in one buffer, as the pcap reader
 * hands them over: IPv4 data with timestamps, bare IPv4 ACKs, VLAN-tagged IPv6, ARP.
 * Not a test; run it by hand:
 *
 * <pre>
 * mvn -B -o -q -pl analyzer test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp analyzer/target/classes:analyzer/target/test-classes:$(cat analyzer/target/cp.txt) \
 *     io.tcpwhy.decode.DecodeBenchmark [seconds]
 * </pre>
 */
public final class DecodeBenchmark {

    private static final int COPIES = 1000;

    private DecodeBenchmark() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        TcpTimestampsOption ts = new TcpTimestampsOption.Builder().tsValue(1).tsEchoReply(2)
                .correctLengthAtBuild(true).build();
        List<byte[]> kinds = List.of(
                ethernet(ipv4Builder(tcp(new byte[1448], TcpNoOperationOption.getInstance(),
                        TcpNoOperationOption.getInstance(), ts))),
                ethernet(ipv4Builder(tcp())),
                ethernetHeader(0x8100, vlanTag(10, 0x86DD), ipv6(tcp(new byte[200]))),
                ethernetHeader(0x0806, new byte[28]));
        List<int[]> frames = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < COPIES; i++) {
            for (byte[] k : kinds) {
                frames.add(new int[] {total, k.length});
                total += k.length;
            }
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(total);
        for (int i = 0; i < COPIES; i++) {
            for (byte[] k : kinds) {
                buf.put(k);
            }
        }
        int[] offsets = frames.stream().mapToInt(f -> f[0]).toArray();
        int[] lengths = frames.stream().mapToInt(f -> f[1]).toArray();

        PacketDecoder decoder = new PacketDecoder();
        run(decoder, buf, offsets, lengths, 2); // warm-up
        long start = System.nanoTime();
        long decoded = run(decoder, buf, offsets, lengths, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%,.0f decodes/s (%,d frames in %.1f s; mix: IPv4 data+TS, IPv4 ACK, VLAN IPv6, ARP)%n",
                decoded / elapsed, decoded, elapsed);
    }

    private static long run(PacketDecoder decoder, ByteBuffer buf, int[] offsets, int[] lengths, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long decoded = 0;
        long sink = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < offsets.length; i++) {
                if (decoder.decode(i, 0, LinkType.EN10MB, buf, offsets[i], lengths[i]) instanceof TcpSegment s) {
                    sink += s.payloadLength();
                }
            }
            decoded += offsets.length;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive for the JIT
        }
        return decoded;
    }
}
