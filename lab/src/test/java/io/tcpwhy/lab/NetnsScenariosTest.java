package io.tcpwhy.lab;

import static io.tcpwhy.capture.LiveCaptureRule.live;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;

/**
 * Runs the namespace scenarios live (root, iproute2, nftables and libpcap; skipped with the
 * reason elsewhere, failed under TCPWHY_REQUIRE_LIVE=1) and checks what the programs observed
 * and the decisive segments on the wire, read back with pcap4j.
 */
class NetnsScenariosTest {

    @TempDir
    Path dir;

    /** One TCP segment as the client's link saw it. {@code time} in nanoseconds from the first frame. */
    record Wire(long time, String src, int srcPort, int dstPort, String flags, int payload, int ttl, long seq) {
        boolean has(char flag) {
            return flags.indexOf(flag) >= 0;
        }
    }

    private ScenarioRecord run(String name) throws Exception {
        ScenarioRecord record = live(() -> ScenarioLab.run(name, dir));
        assertEquals(record, ScenarioRecord.read(dir.resolve(name + ".json")), "NAME.json reads back as written");
        assertFalse(record.capture().hasDrops(), record.capture().describe());
        assertEquals(record.capture().captured(), wire(name).size(), "every captured frame is in the file");
        return record;
    }

    @AfterEach
    void noNamespaceLeftBehind() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        assertFalse(list.contains("tcpwhy-" + ProcessHandle.current().pid() + "-"), "namespaces removed: " + list);
    }

    private List<Wire> wire(String name) throws Exception {
        List<Wire> segments = new ArrayList<>();
        Path file = dir.resolve(name + ".pcap");
        if (!Files.exists(file)) {
            return segments;
        }
        PcapHandle handle = Pcaps.openOffline(file.toString(), TimestampPrecision.NANO);
        long first = -1;
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
                long t = handle.getTimestamp().getTime() * 1_000_000L + handle.getTimestamp().getNanos() % 1_000_000;
                first = first < 0 ? t : first;
                IpV4Packet ip = packet.get(IpV4Packet.class);
                TcpPacket tcp = packet.get(TcpPacket.class);
                if (ip != null && tcp != null) {
                    TcpPacket.TcpHeader h = tcp.getHeader();
                    String flags = (h.getSyn() ? "S" : "") + (h.getFin() ? "F" : "") + (h.getRst() ? "R" : "")
                            + (h.getPsh() ? "P" : "") + (h.getAck() ? "A" : "");
                    segments.add(new Wire(t - first, ip.getHeader().getSrcAddr().getHostAddress(),
                            h.getSrcPort().valueAsInt(), h.getDstPort().valueAsInt(), flags,
                            tcp.getPayload() == null ? 0 : tcp.getPayload().length(),
                            ip.getHeader().getTtlAsInt(), h.getSequenceNumberAsLong()));
                }
            }
        } finally {
            handle.close();
        }
        return segments;
    }

    private static List<String> side(ObservedConnection c, Side side) {
        return c.observed().stream().filter(o -> o.side() == side).map(ObservedCall::brief).toList();
    }

    private static ObservedConnection only(ScenarioRecord r) {
        assertEquals(1, r.connections().size(), "one connection: " + r.connections());
        return r.connections().get(0);
    }

    @Test
    void idleForgottenByMiddlebox_routerResetsInTheServersNameWithItsOwnTtl() throws Exception {
        ScenarioRecord r = run("idle_forgotten_by_middlebox");
        ObservedConnection c = only(r);
        assertEquals(List.of("client connect OK", "client write OK", "client read OK", "client write OK",
                "client read ECONNRESET"), side(c, Side.CLIENT));
        assertEquals(List.of("server read OK", "server write OK"), side(c, Side.SERVER));
        assertEquals("java.net.SocketException: Connection reset", c.observed().get(c.observed().size() - 1).detail());
        List<Wire> wire = wire("idle_forgotten_by_middlebox");
        List<Wire> resets = wire.stream().filter(s -> s.has('R')).toList();
        assertEquals(1, resets.size(), wire.toString());
        Wire rst = resets.get(0);
        assertEquals(Netns.SERVER_ADDRESS, rst.src(), "the RST claims to come from the server");
        List<Integer> serverTtls = wire.stream().filter(s -> s.src().equals(Netns.SERVER_ADDRESS) && !s.has('R'))
                .map(Wire::ttl).distinct().toList();
        assertEquals(List.of(63), serverTtls, "the server's own segments crossed one router");
        assertEquals(64, rst.ttl(), "the router's RST starts on the client's link");
        assertEquals(0, wire.stream().filter(s -> s.has('F')).count(), "no FIN before the RST: " + wire);
        Wire lastBeforeIdle = wire.get(wire.indexOf(rst) - 2);
        Wire reuse = wire.get(wire.indexOf(rst) - 1);
        assertTrue(reuse.payload() > 0 && reuse.time() - lastBeforeIdle.time() >= 3_000_000_000L,
                "the request after " + NetnsScenarios.IDLE_MILLIS + " ms of silence draws the RST: " + wire);
        assertEquals(DiagnosisCode.IDLE_FORGOTTEN, r.expectedDiagnosis());
    }

    @Test
    void peerUnreachable_dataRetransmittedUntilTheKernelGivesUpWithTimedOut() throws Exception {
        ObservedConnection c = only(run("peer_unreachable"));
        assertEquals(List.of("client connect OK", "client write OK", "client read OK", "client write OK",
                "client read ETIMEDOUT"), side(c, Side.CLIENT));
        assertEquals("java.net.SocketException: Connection timed out", c.observed().get(c.observed().size() - 1).detail());
        List<Wire> wire = wire("peer_unreachable");
        Wire lastFromServer = wire.stream().filter(s -> s.src().equals(Netns.SERVER_ADDRESS)).reduce((a, b) -> b)
                .orElseThrow();
        List<Wire> afterReply = wire.subList(wire.indexOf(lastFromServer) + 1, wire.size());
        assertEquals("A", afterReply.get(0).flags(), "the client acknowledges the reply: " + wire);
        List<Wire> unanswered = afterReply.subList(1, afterReply.size());
        assertTrue(unanswered.stream().allMatch(s -> s.payload() > 0 && s.seq() == unanswered.get(0).seq()),
                "after the cut only the request and its retransmissions: " + wire);
        // Linux counts tcp_retries2 in time (what 3 doublings of a 200 ms RTO take), not in segments.
        assertTrue(unanswered.size() > NetnsScenarios.TCP_RETRIES2, "retransmitted at least tcp_retries2 times: " + wire);
        // Backoff: gaps never shrink (the first two are a tail loss probe and the first RTO, equal) and
        // the last is several times the first.
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < unanswered.size(); i++) {
            gaps.add(unanswered.get(i).time() - unanswered.get(i - 1).time());
        }
        for (int i = 1; i < gaps.size(); i++) {
            assertTrue(gaps.get(i) >= gaps.get(i - 1) * 9 / 10, "backoff never shortens the wait: " + gaps);
        }
        assertTrue(gaps.get(gaps.size() - 1) > 4 * gaps.get(0), "exponential backoff: " + gaps);
        assertEquals(0, wire.stream().filter(s -> s.has('R') || s.has('F')).count(), wire.toString());
    }

    @Test
    void peerUnreachableKeepalive_unansweredProbesEndTheReadWithTimedOut() throws Exception {
        ObservedConnection c = only(run("peer_unreachable_keepalive"));
        assertEquals(List.of("client connect OK", "client write OK", "client read OK", "client read ETIMEDOUT"),
                side(c, Side.CLIENT));
        assertEquals("java.net.SocketException: Connection timed out", c.observed().get(c.observed().size() - 1).detail());
        List<Wire> wire = wire("peer_unreachable_keepalive");
        Wire lastFromServer = wire.stream().filter(s -> s.src().equals(Netns.SERVER_ADDRESS)).reduce((a, b) -> b)
                .orElseThrow();
        List<Wire> afterReply = wire.subList(wire.indexOf(lastFromServer) + 1, wire.size());
        Wire ack = afterReply.get(0);
        assertEquals("A", ack.flags(), "the client acknowledges the reply: " + wire);
        List<Wire> probes = afterReply.subList(1, afterReply.size() - 1);
        assertEquals(NetnsScenarios.KEEPALIVE_PROBES, probes.size(), "one probe per TCP_KEEPCNT, none answered: " + wire);
        assertTrue(probes.stream().allMatch(p -> p.payload() == 0 && p.flags().equals("A") && p.seq() == ack.seq() - 1),
                "keep-alive probes: no data, one below the next sequence number (RFC 9293 section 3.8.4): " + wire);
        Wire last = afterReply.get(afterReply.size() - 1);
        assertTrue(last.has('R') && last.src().equals(Netns.CLIENT_ADDRESS),
                "Linux resets the connection when keep-alive gives up: " + wire);
    }

    @Test
    void staleJdkServer_jdkHttpServerClosesIdleConnectionAfterOneSecondAndTheReuseReadsEof() throws Exception {
        ObservedConnection c = only(run("stale_pooled_connection_jdk_server"));
        assertEquals(List.of("client connect OK", "client write OK", "client read OK", "client write OK", "client read EOF"),
                c.briefs(), "the server's calls are inside the HttpServer");
        List<Wire> wire = wire("stale_pooled_connection_jdk_server");
        Wire lastResponse = wire.stream().filter(s -> s.srcPort() == Netns.SERVER_PORT && s.payload() > 0)
                .reduce((a, b) -> b).orElseThrow();
        Wire fin = wire.stream().filter(s -> s.has('F')).findFirst().orElseThrow();
        assertEquals(Netns.SERVER_PORT, fin.srcPort(), "the server closes the idle connection: " + wire);
        long idle = fin.time() - lastResponse.time();
        assertTrue(idle >= 900_000_000L && idle < 2_000_000_000L, "closed after its 1 s idle timeout, not " + idle + " ns");
        List<Wire> afterFin = wire.subList(wire.indexOf(fin), wire.size());
        assertEquals(1, afterFin.stream().filter(s -> s.srcPort() == c.client().port() && s.payload() > 0).count(),
                "the reused connection carries the second request: " + wire);
        Wire last = wire.get(wire.size() - 1);
        assertTrue(last.has('R') && last.srcPort() == Netns.SERVER_PORT, "the closed server resets: " + wire);
    }

    @Test
    void acceptQueueOverflow_finalAckIgnoredSoTheClientConnectsWritesAndTimesOut() throws Exception {
        ScenarioRecord r = run("accept_queue_overflow");
        assertEquals(3, r.connections().size());
        ObservedConnection late = r.connections().get(1);
        assertEquals(DiagnosisCode.ACCEPT_QUEUE_OVERFLOW, late.expectedDiagnosis());
        assertEquals(List.of("client connect OK", "client write OK", "client read ETIMEDOUT"), late.briefs());
        assertEquals("java.net.SocketTimeoutException: Read timed out", late.observed().get(2).detail());
        assertEquals(List.of("client connect OK"), r.connections().get(0).briefs());
        assertEquals(List.of("client connect OK"), r.connections().get(2).briefs());
        List<Wire> wire = wire("accept_queue_overflow").stream()
                .filter(s -> s.srcPort() == late.client().port() || s.dstPort() == late.client().port()).toList();
        int firstAck = -1;
        for (int i = 0; i < wire.size() && firstAck < 0; i++) {
            if (wire.get(i).srcPort() == late.client().port() && wire.get(i).flags().equals("A")) {
                firstAck = i;
            }
        }
        assertTrue(firstAck > 0, "the client completes the handshake: " + wire);
        assertTrue(wire.subList(firstAck, wire.size()).stream().anyMatch(s -> s.flags().equals("SA")),
                "the server retransmits its SYN-ACK after the client's final ACK: " + wire);
        assertTrue(wire.stream().noneMatch(s -> s.srcPort() == Netns.SERVER_PORT && (s.payload() > 0 || s.has('R'))),
                "the server never answers the data: " + wire);
    }

    @Test
    void connectGaveUpBeforeSynAck_theLateSynAckMeetsAClosedPortAndItsReset() throws Exception {
        ScenarioRecord r = run("connect_gave_up_before_synack");
        assertEquals(1, r.connections().size());
        ObservedConnection c = r.connections().get(0);
        assertEquals(List.of("client connect ETIMEDOUT"), c.briefs());
        assertEquals("java.net.SocketTimeoutException: Connect timed out", c.observed().get(0).detail());
        List<Wire> wire = wire("connect_gave_up_before_synack");
        List<Wire> synAcks = wire.stream().filter(s -> s.flags().equals("SA")).toList();
        assertEquals(1, synAcks.size(), "only the SYN-ACK sent after the rule went is on the wire: " + wire);
        assertTrue(synAcks.get(0).time() > TimeUnit.MILLISECONDS.toNanos(NetnsScenarios.IMPATIENT_CONNECT_DEADLINE_MILLIS),
                "it arrives after the client's deadline: " + wire);
        Wire last = wire.get(wire.size() - 1);
        assertTrue(last.has('R') && last.srcPort() == c.client().port(), "the closed port answers it with RST: " + wire);
        assertTrue(wire.stream().filter(s -> s.srcPort() == c.client().port()).allMatch(s -> s.flags().equals("S")
                || s.has('R')), "the client sent nothing but its SYNs and that RST: " + wire);
    }
}
