package io.tcpwhy.replay;

import static io.tcpwhy.capture.LiveCaptureRule.live;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpwhy.capture.CaptureUnavailableException;
import io.tcpwhy.capture.LiveCaptureRule;
import io.tcpwhy.lab.Netns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the client side of the samples the lab recorded in network namespaces where their
 * middlebox or their cut-off peer is: the lab's namespaces ({@link Netns}: client -- router --
 * server, or one namespace), the lab's own server program in the server's namespace
 * ({@code io.tcpwhy.lab.NetnsPeer server NAME}), and the replay's client as a child JVM in the
 * client's namespace ({@link NamespacedReplay}), captured on the client's link as the samples
 * were. The namespaces are removed after each test. Needs root, iproute2, nftables and
 * libpcap: skipped with the reason elsewhere, failed under TCPWHY_REQUIRE_LIVE=1.
 */
class NamespaceReplayTest {

    /** Building namespaces, two JVMs and a replay of a few seconds take well under this. */
    static final long RUN_TIMEOUT_MILLIS = 60_000;
    /** How long the server program may take to listen (a JVM start on a loaded machine). */
    static final long START_TIMEOUT_MILLIS = 30_000;
    private static final String SERVER_PROGRAM = "io.tcpwhy.lab.NetnsPeer";
    /** NetnsPeer's line protocol (lab PeerProtocol): it says this once it listens, and ends on "go stop". */
    private static final String LISTENING = "listening";
    private static final String GO_STOP = "go\tstop";

    /**
     * The router of idle_forgotten_by_middlebox, as the lab's NetnsScenarios.FORGETFUL_ROUTER:
     * kube-proxy's rule, what conntrack does not know (or finds invalid) and is not a SYN is reset.
     */
    static final String FORGETFUL_ROUTER = """
            table inet tcpwhy_replay {
              chain forward {
                type filter hook forward priority 0; policy accept;
                ct state invalid,new tcp flags != syn counter reject with tcp reset
              }
            }
            """;
    /**
     * The router's conntrack forgets an idle connection after this (seconds): the lab's 2 s
     * halved, as the replay runs {@link #IDLE_SPEED} times faster (the client's 3.5 s pause
     * becomes 2 s, still 1 s past the timeout).
     */
    static final int CONNTRACK_ESTABLISHED_TIMEOUT_SECONDS = 1;
    static final double IDLE_SPEED = 1.75;

    /**
     * The cut of peer_unreachable without a race: the lab cut the server off by hand after its
     * reply; here the router marks the connection when the server's reply (its only segment
     * with PSH) passes, and drops everything of a marked connection from then on, both ways,
     * as a dead host or a severed link would. The reply itself gets through.
     */
    static final String CUT_AFTER_THE_REPLY = """
            table inet tcpwhy_replay {
              chain forward {
                type filter hook forward priority 0; policy accept;
                ct mark 0x1 counter drop
                ip saddr %s tcp flags & psh == psh ct mark set 0x1
              }
            }
            """.formatted(Netns.SERVER_ADDRESS);
    /** net.ipv4.tcp_retries2 in the client's namespace, as the lab set it (about 3 s of retransmissions). */
    static final int TCP_RETRIES2 = 3;

    @TempDir
    Path dir;

    @AfterEach
    void noNamespaceLeftBehind() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        } catch (IOException noIproute2) {
            return; // Then no namespace was made either: the test was skipped (or failed in CI) for it.
        }
        String list = new String(p.getInputStream().readAllBytes());
        p.waitFor(RUN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertFalse(list.contains("tcpwhy-" + ProcessHandle.current().pid() + "-"), "namespaces removed: " + list);
    }

    @Test
    void aConnectionIdlePastTheRoutersConntrackTimeoutIsResetByTheRouterAgain() throws Exception {
        String name = "idle_forgotten_by_middlebox";
        try (Netns n = live(() -> Netns.routed(name))) {
            n.nft(n.router(), FORGETFUL_ROUTER);
            // After the ruleset: its ct expressions load conntrack into the namespace, which creates the sysctl.
            n.exec(n.router(), "sysctl", "-q", "-w",
                    "net.netfilter.nf_conntrack_tcp_timeout_established=" + CONNTRACK_ESTABLISHED_TIMEOUT_SECONDS);
            JsonNode result = replayAgainstTheLabsServer(n, name, Netns.SERVER_ADDRESS, Netns.CLIENT_INTERFACE,
                    IDLE_SPEED);
            assertRecordedEnding(name, result);
        }
    }

    @Test
    void aRequestIntoAServerTheRouterCutOffIsRetransmittedUnansweredAgain() throws Exception {
        String name = "peer_unreachable";
        try (Netns n = live(() -> Netns.routed(name))) {
            n.nft(n.router(), CUT_AFTER_THE_REPLY);
            n.exec(n.client(), "sysctl", "-q", "-w", "net.ipv4.tcp_retries2=" + TCP_RETRIES2);
            // Retransmission timers cannot be sped up: as recorded.
            JsonNode result = replayAgainstTheLabsServer(n, name, Netns.SERVER_ADDRESS, Netns.CLIENT_INTERFACE, 1);
            assertRecordedEnding(name, result);
        }
    }

    /**
     * peer_unreachable_keepalive: the same cut, and the client only waits; the keep-alive
     * probes the script found in the recording (1 s idle, 1 s apart, 2 of them) are set on the
     * replay's socket, so its kernel probes the silent connection and gives up with a RST.
     * Keep-alive timers count whole seconds: as recorded.
     */
    @Test
    void keepAliveProbesIntoAServerTheRouterCutOffGoUnansweredAgain() throws Exception {
        String name = "peer_unreachable_keepalive";
        try (Netns n = live(() -> Netns.routed(name))) {
            n.nft(n.router(), CUT_AFTER_THE_REPLY);
            JsonNode result = replayAgainstTheLabsServer(n, name, Netns.SERVER_ADDRESS, Netns.CLIENT_INTERFACE, 1);
            assertRecordedEnding(name, result);
            // The kernel ended it, not a close with bytes unread.
            assertTrue(result.get("steps").toString().contains("read until the kernel gives up: Connection timed out"),
                    result.toPrettyString());
        }
    }

    /**
     * accept_queue_overflow, the second of its three connections: a listener with backlog 1
     * that never accepts (the lab's own), one connection queued; the replay's SYN gets in while
     * the queue has room, but its SYN-ACK is held back by a rule until a third connection has
     * filled the queue; released, the handshake completes on the client's side only (the
     * server drops the final ACK and the data, and sends its SYN-ACK again). As in the lab, in
     * one namespace, captured on its loopback; as recorded (SYN-ACK timers are the kernel's).
     */
    @Test
    void aHandshakeCompletedIntoAFullAcceptQueueIsAnOverflowAgain() throws Exception {
        String name = "accept_queue_overflow";
        Script script = ProductionSamples.clientScript(name);
        try (Netns n = live(() -> Netns.single(name))) {
            String ns = n.client();
            n.exec(ns, "sysctl", "-q", "-w", "net.ipv4.tcp_abort_on_overflow=0");
            try (NamespacedProgram server = NamespacedProgram.java(ns, SERVER_PROGRAM, "server", name);
                 NamespacedProgram fillers = NamespacedProgram.java(ns, QueueFiller.class.getName(), LOOPBACK,
                         Integer.toString(Netns.SERVER_PORT))) {
                server.await(LISTENING, START_TIMEOUT_MILLIS);
                String queued = fill(fillers, "bind", "bound ");
                fill(fillers, "connect", "connected ");
                String filler = fill(fillers, "bind", "bound ");
                // Every SYN-ACK is held back but the two fillers': the replay's handshake stays in SYN_RECV.
                n.nft(ns, HOLD_SYN_ACKS.formatted(Netns.SERVER_PORT, queued, filler));
                Path file = dir.resolve("script.json");
                ScriptFile.write(script, file);
                try (NamespacedProgram replay = startReplay(ns, file, LOOPBACK, Netns.LOOPBACK_INTERFACE, 1)) {
                    awaitSynReceived(n, ns, replay);
                    fill(fillers, "connect", "connected ");
                    n.nft(ns, "flush chain inet tcpwhy_replay output\n");
                    JsonNode result = reportOf(replay, ns);
                    server.tell(GO_STOP);
                    assertRecordedEnding(name, result);
                }
            }
        }
    }

    /**
     * connect_gave_up_before_synack: in one namespace, the lab's never-accepting listener; its
     * SYN-ACKs held back by a rule until the replay's connect deadline (taken from the recording,
     * between the client's last SYN and its RST) has passed, then let through: the server's next
     * SYN-ACK retransmission finds no socket and the replay's host answers it with RST, as in
     * the recording.
     */
    @Test
    void aConnectThatGaveUpBeforeTheSynAckIsAHandshakeIncompleteAgain() throws Exception {
        String name = "connect_gave_up_before_synack";
        Script script = ProductionSamples.clientScript(name);
        assertEquals(Script.Handshake.GAVE_UP, script.handshake());
        try (Netns n = live(() -> Netns.single(name))) {
            String ns = n.client();
            try (NamespacedProgram server = NamespacedProgram.java(ns, SERVER_PROGRAM, "server", name)) {
                server.await(LISTENING, START_TIMEOUT_MILLIS);
                n.nft(ns, HOLD_EVERY_SYN_ACK.formatted(Netns.SERVER_PORT));
                Path file = dir.resolve("script.json");
                ScriptFile.write(script, file);
                try (NamespacedProgram replay = NamespacedProgram.java(ns, NamespacedReplay.class.getName(),
                        file.toString(), LOOPBACK, Integer.toString(Netns.SERVER_PORT), Netns.LOOPBACK_INTERFACE,
                        "1", Integer.toString(WAIT_MILLIS), Long.toString(GAVE_UP_OBSERVE_MILLIS))) {
                    awaitSynReceived(n, ns, replay);
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(script.connectTimeoutNanos()) + SOCKET_STATE_POLL_MILLIS);
                    n.nft(ns, "flush chain inet tcpwhy_replay output\n");
                    JsonNode result = reportOf(replay, ns);
                    server.tell(GO_STOP);
                    assertRecordedEnding(name, result);
                    assertTrue(result.get("steps").toString().contains("timed out after"), result.toPrettyString());
                }
            }
        }
    }

    /** Every SYN-ACK of the listener is dropped (server port). */
    static final String HOLD_EVERY_SYN_ACK = """
            table inet tcpwhy_replay {
              chain output {
                type filter hook output priority 0; policy accept;
                tcp sport %d tcp flags & (syn | ack) == syn | ack drop
              }
            }
            """;
    /**
     * How long the replay watches after its connect gave up: the server's SYN-ACK
     * retransmissions come 1 s and then 2 s apart, so the one after the release may be 2 s
     * away; the watch ends at the RST anyway.
     */
    private static final long GAVE_UP_OBSERVE_MILLIS = 5_000;

    private static final String LOOPBACK = "127.0.0.1";
    /** The listener's SYN-ACKs to any port but the two fillers' are dropped (server port, filler ports). */
    static final String HOLD_SYN_ACKS = """
            table inet tcpwhy_replay {
              chain output {
                type filter hook output priority 0; policy accept;
                tcp sport %d tcp flags & (syn | ack) == syn | ack tcp dport != { %s, %s } drop
              }
            }
            """;
    private static final long SOCKET_STATE_POLL_MILLIS = 20;

    private static String fill(NamespacedProgram fillers, String command, String answer) throws Exception {
        fillers.tell(command);
        return fillers.await(answer, START_TIMEOUT_MILLIS).substring(answer.length()).strip();
    }

    /** Waits until the listener holds a handshake in SYN_RECV: the replay's SYN got in while the queue had room. */
    private static void awaitSynReceived(Netns n, String ns, NamespacedProgram replay) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (n.output(ns, "ss", "-Htn", "state", "syn-recv", "sport", "= :" + Netns.SERVER_PORT).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no handshake in SYN_RECV within " + START_TIMEOUT_MILLIS + " ms"
                        + replay.errors());
            }
            Thread.sleep(SOCKET_STATE_POLL_MILLIS);
        }
    }

    private JsonNode replayAgainstTheLabsServer(Netns n, String name, String host, String iface, double speed)
            throws Exception {
        Script script = ProductionSamples.clientScript(name);
        try (NamespacedProgram server = NamespacedProgram.java(n.server(), SERVER_PROGRAM, "server", name)) {
            server.await(LISTENING, START_TIMEOUT_MILLIS);
            JsonNode result = replayIn(n.client(), script, host, iface, speed);
            server.tell(GO_STOP);
            return result;
        }
    }

    /** Plays {@code script} in a child JVM inside namespace {@code ns}; the replay's JSON report. */
    JsonNode replayIn(String ns, Script script, String host, String iface, double speed) throws Exception {
        Path file = dir.resolve("script.json");
        ScriptFile.write(script, file);
        try (NamespacedProgram replay = startReplay(ns, file, host, iface, speed)) {
            return reportOf(replay, ns);
        }
    }

    private static NamespacedProgram startReplay(String ns, Path script, String host, String iface, double speed)
            throws Exception {
        return NamespacedProgram.java(ns, NamespacedReplay.class.getName(), script.toString(), host,
                Integer.toString(Netns.SERVER_PORT), iface, Double.toString(speed), Integer.toString(WAIT_MILLIS), "-1");
    }

    private static JsonNode reportOf(NamespacedProgram replay, String ns) throws Exception {
        int status = replay.waitFor(RUN_TIMEOUT_MILLIS);
        if (status == NamespacedReplay.UNAVAILABLE) {
            return LiveCaptureRule.unavailable(new CaptureUnavailableException(replay.errorText()));
        }
        assertEquals(0, status, "the replay in namespace " + ns + " failed" + replay.errors());
        return new ObjectMapper().readTree(replay.output());
    }

    /** How long the replay waits for the server's bytes. */
    static final int WAIT_MILLIS = 10_000;

    static void assertRecordedEnding(String name, JsonNode result) {
        String shown = result.toPrettyString();
        assertEquals(ProductionSamples.RECORDED.get(name), result.get("original_diagnosis").asText(), shown);
        assertEquals(ProductionSamples.RECORDED.get(name), result.get("replay_diagnosis").asText(), shown);
        assertTrue(result.get("same_ending").asBoolean(), shown);
        for (JsonNode row : result.get("comparison")) {
            if (row.get("property").asText().equals("first to close")
                    || row.get("property").asText().equals("client payload")) {
                assertTrue(row.get("same").asBoolean(), row.get("property").asText() + ": " + shown);
            }
        }
    }
}
