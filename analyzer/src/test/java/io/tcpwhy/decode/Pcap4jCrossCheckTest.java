package io.tcpwhy.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tcpwhy.net.IpAddress;
import io.tcpwhy.pcap.LinkType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpNoOperationOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.TcpSackPermittedOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.util.MacAddress;

/**
 * pcap4j as a second opinion: varied frames, built by its builders from a fixed seed, must
 * decode to the same header fields with pcap4j's parser and with ours.
 */
class Pcap4jCrossCheckTest {

    private static final int FRAMES = 400;
    private static final int MAX_PAYLOAD = 1460;

    @Test
    void variedEthernetFramesDecodeToTheSameFieldsAsPcap4j() throws IllegalRawDataException {
        Random random = new Random(20240607L);
        PacketDecoder decoder = new PacketDecoder();
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = randomFrame(random);
            String where = "frame " + i;

            Packet theirs = EthernetPacket.newPacket(frame, 0, frame.length);
            TcpPacket theirTcp = theirs.get(TcpPacket.class);
            IpPacket theirIp = theirs.get(IpPacket.class);
            assertNotNull(theirTcp, where);
            TcpPacket.TcpHeader h = theirTcp.getHeader();

            TcpSegment ours = assertInstanceOf(TcpSegment.class,
                    decoder.decode(i + 1, 0, LinkType.EN10MB, ByteBuffer.wrap(frame), 0, frame.length), where);

            assertEquals(IpAddress.of(theirIp.getHeader().getSrcAddr().getAddress()), ours.src().address(), where);
            assertEquals(IpAddress.of(theirIp.getHeader().getDstAddr().getAddress()), ours.dst().address(), where);
            assertEquals(h.getSrcPort().valueAsInt(), ours.src().port(), where);
            assertEquals(h.getDstPort().valueAsInt(), ours.dst().port(), where);
            assertEquals(h.getSequenceNumberAsLong(), ours.seq(), where);
            assertEquals(h.getAcknowledgmentNumberAsLong(), ours.ack(), where);
            assertEquals(theirFlags(h), ours.flags(), where);
            assertEquals(h.getWindowAsInt(), ours.window(), where);
            int theirPayload = theirTcp.getPayload() == null ? 0 : theirTcp.getPayload().length();
            assertEquals(theirPayload, ours.payloadLength(), where);
            assertEquals(theirPayload, ours.capturedPayload(), where);
            assertEquals(theirIp.length(), ours.ipLength(), where);
            assertEquals(theirMss(h), ours.options().mss(), where);
            assertEquals(theirWindowScale(h), ours.options().windowScale(), where);
            assertEquals(theirTsVal(h), ours.options().timestamps() ? ours.options().tsVal() : -1, where);
        }
    }

    private static int theirFlags(TcpPacket.TcpHeader h) {
        return (h.getFin() ? TcpSegment.FIN : 0) | (h.getSyn() ? TcpSegment.SYN : 0) | (h.getRst() ? TcpSegment.RST : 0)
                | (h.getPsh() ? TcpSegment.PSH : 0) | (h.getAck() ? TcpSegment.ACK : 0) | (h.getUrg() ? TcpSegment.URG : 0);
    }

    private static int theirMss(TcpPacket.TcpHeader h) {
        for (TcpPacket.TcpOption o : h.getOptions()) {
            if (o instanceof TcpMaximumSegmentSizeOption mss) {
                return mss.getMaxSegSizeAsInt();
            }
        }
        return -1;
    }

    private static int theirWindowScale(TcpPacket.TcpHeader h) {
        for (TcpPacket.TcpOption o : h.getOptions()) {
            if (o instanceof TcpWindowScaleOption ws) {
                return ws.getShiftCountAsInt();
            }
        }
        return -1;
    }

    private static long theirTsVal(TcpPacket.TcpHeader h) {
        for (TcpPacket.TcpOption o : h.getOptions()) {
            if (o instanceof TcpTimestampsOption ts) {
                return ts.getTsValueAsLong();
            }
        }
        return -1;
    }

    private static byte[] randomFrame(Random random) {
        byte[] payload = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(MAX_PAYLOAD + 1)];
        random.nextBytes(payload);
        TcpPacket.Builder tcp = new TcpPacket.Builder()
                .srcPort(TcpPort.getInstance((short) random.nextInt(65536)))
                .dstPort(TcpPort.getInstance((short) random.nextInt(65536)))
                .sequenceNumber(random.nextInt())
                .acknowledgmentNumber(random.nextInt())
                .fin(random.nextBoolean()).syn(random.nextBoolean()).rst(random.nextBoolean())
                .psh(random.nextBoolean()).ack(random.nextBoolean()).urg(random.nextBoolean())
                .window((short) random.nextInt(65536))
                .options(randomOptions(random))
                .paddingAtBuild(true)
                .correctLengthAtBuild(true)
                .correctChecksumAtBuild(true);
        if (payload.length > 0) {
            tcp.payloadBuilder(new UnknownPacket.Builder().rawData(payload));
        }
        Packet.Builder ip;
        EtherType type;
        if (random.nextBoolean()) {
            Inet4Address src = (Inet4Address) address(randomBytes(random, 4));
            Inet4Address dst = (Inet4Address) address(randomBytes(random, 4));
            tcp.srcAddr(src).dstAddr(dst);
            ip = new IpV4Packet.Builder().version(IpVersion.IPV4).tos(IpV4Rfc791Tos.newInstance((byte) 0))
                    .identification((short) random.nextInt()).dontFragmentFlag(random.nextBoolean())
                    .ttl((byte) 64).protocol(IpNumber.TCP).srcAddr(src).dstAddr(dst).payloadBuilder(tcp)
                    .paddingAtBuild(true).correctLengthAtBuild(true).correctChecksumAtBuild(true);
            type = EtherType.IPV4;
        } else {
            Inet6Address src = (Inet6Address) address(randomBytes(random, 16));
            Inet6Address dst = (Inet6Address) address(randomBytes(random, 16));
            tcp.srcAddr(src).dstAddr(dst);
            ip = new IpV6Packet.Builder().version(IpVersion.IPV6)
                    .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) 0))
                    .flowLabel(IpV6SimpleFlowLabel.newInstance(random.nextInt(1 << 20)))
                    .nextHeader(IpNumber.TCP).hopLimit((byte) 64).srcAddr(src).dstAddr(dst)
                    .payloadBuilder(tcp).correctLengthAtBuild(true);
            type = EtherType.IPV6;
        }
        return new EthernetPacket.Builder()
                .dstAddr(MacAddress.getByAddress(randomBytes(random, 6)))
                .srcAddr(MacAddress.getByAddress(randomBytes(random, 6)))
                .type(type).payloadBuilder(ip).paddingAtBuild(true)
                .build().getRawData();
    }

    private static List<TcpPacket.TcpOption> randomOptions(Random random) {
        List<TcpPacket.TcpOption> options = new ArrayList<>();
        if (random.nextBoolean()) {
            options.add(new TcpMaximumSegmentSizeOption.Builder().maxSegSize((short) random.nextInt(65536))
                    .correctLengthAtBuild(true).build());
        }
        if (random.nextBoolean()) {
            options.add(TcpSackPermittedOption.getInstance());
        }
        if (random.nextBoolean()) {
            options.add(TcpNoOperationOption.getInstance());
            options.add(new TcpWindowScaleOption.Builder().shiftCount((byte) random.nextInt(15))
                    .correctLengthAtBuild(true).build());
        }
        if (random.nextBoolean()) {
            options.add(new TcpTimestampsOption.Builder().tsValue(random.nextInt()).tsEchoReply(random.nextInt())
                    .correctLengthAtBuild(true).build());
        }
        return options;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
