package io.tcpwhy.lab;

import static io.tcpwhy.model.TcpState.CLOSED;
import static io.tcpwhy.model.TcpState.ESTABLISHED;
import static io.tcpwhy.model.TcpState.SYN_RECEIVED;

import io.tcpwhy.model.DiagnosisCode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scenarios that need a network of their own: a middlebox that forgets, a peer that becomes
 * unreachable, an accept queue whose handshakes must be timed. Kernel timeouts are shortened
 * with namespaced sysctls and socket options, so each takes seconds, not minutes.
 */
final class NetnsScenarios {

    /**
     * The router's conntrack forgets an established connection idle this long (seconds;
     * net.netfilter.nf_conntrack_tcp_timeout_established, 5 days by default, 350 s on AWS NAT
     * gateways, 4 min on Azure load balancers).
     */
    static final int CONNTRACK_ESTABLISHED_TIMEOUT_SECONDS = 2;
    /** How long the client's pooled connection stays idle before it is used again: past the conntrack timeout. */
    static final int IDLE_MILLIS = 3500;
    /**
     * net.ipv4.tcp_retries2 in the client's namespace. Linux turns it into time: as long as 3
     * doublings of the 200 ms minimum RTO take ((2^4 - 1) x 200 ms = 3 s; the default 15 gives
     * ~15 min), checked when the retransmission timer fires, so the write that follows the cut is
     * sent 6 times over ~3.3 s and the connection fails when the timer fires next.
     */
    static final int TCP_RETRIES2 = 3;
    /** Keep-alive: first probe after 1 s of silence, then every second, two unanswered probes end it. */
    static final int KEEPALIVE_IDLE_SECONDS = 1;
    static final int KEEPALIVE_INTERVAL_SECONDS = 1;
    static final int KEEPALIVE_PROBES = 2;
    /**
     * The overflowing client's connect deadline: long enough for the server's first SYN-ACK
     * retransmission (1 s initial RTO, RFC 6298 section 2.1).
     */
    static final int CONNECT_DEADLINE_MILLIS = 5000;
    /** The overflowing client's read deadline: long enough to see the server retransmit its SYN-ACK again (3 s). */
    static final int OVERFLOW_READ_DEADLINE_MILLIS = 3000;

    /**
     * The impatient client's connect deadline: past its SYN retransmission (1 s initial RTO,
     * RFC 6298 section 2.1), before the server's second SYN-ACK retransmission (3 s after the first).
     */
    static final int IMPATIENT_CONNECT_DEADLINE_MILLIS = 1500;
    /**
     * How long the impatient client's namespace stays captured after the SYN-ACKs are let through:
     * the server's next SYN-ACK retransmission (3 s after its first) must reach the closed port.
     */
    static final int LATE_SYN_ACK_WAIT_MILLIS = 3000;

    /** The JDK HttpServer's idle timeout (seconds; 30 by default). */
    static final int JDK_SERVER_IDLE_SECONDS = 1;
    /** How often the JDK HttpServer looks for idle connections (10 s by default). */
    static final int JDK_SERVER_CLOCK_TICK_MILLIS = 100;

    /** How often a step polls ss for a socket state. */
    private static final long SOCKET_STATE_POLL_MILLIS = 20;
    private static final int HTTP_OK = 200;

    private static final String REQUEST = "GET /items HTTP/1.1\r\nHost: lab\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n";

    /** kube-proxy's rule: what conntrack does not know (or finds invalid) and is not a SYN is reset. */
    private static final String FORGETFUL_ROUTER = """
            table inet tcpwhy_lab {
              chain forward {
                type filter hook forward priority 0; policy accept;
                ct state invalid,new tcp flags != syn counter reject with tcp reset
              }
            }
            """;
    private static final String PLAIN_ROUTER = """
            table inet tcpwhy_lab {
              chain forward {
                type filter hook forward priority 0; policy accept;
              }
            }
            """;
    /** Cuts the server off in both directions, as a dead host or a severed link would. */
    private static final String CUT_SERVER_OFF = "add rule inet tcpwhy_lab forward ip daddr " + Netns.SERVER_ADDRESS
            + " drop\nadd rule inet tcpwhy_lab forward ip saddr " + Netns.SERVER_ADDRESS + " drop\n";
    private static final String SERVER_OUTPUT_CHAIN = """
            table inet tcpwhy_lab {
              chain output {
                type filter hook output priority 0; policy accept;
              }
            }
            """;

    private NetnsScenarios() {
    }

    static List<NetnsScenario> all() {
        return List.of(
                new NetnsScenario("idle_forgotten_by_middlebox", "Client and server in namespaces of their own, joined"
                        + " by a router whose conntrack forgets established connections after "
                        + CONNTRACK_ESTABLISHED_TIMEOUT_SECONDS + " s and resets what it does not know (kube-proxy's"
                        + " rule). After a request, its reply and " + IDLE_MILLIS + " ms of silence the client writes"
                        + " again: the router answers RST in the server's name (TTL 64 where the server's segments"
                        + " arrive with 63). The write succeeds, the read fails with connection reset; the server"
                        + " never hears of it. Captured on the client's link.", "issue 7",
                        DiagnosisCode.IDLE_FORGOTTEN, true, NetnsScenarios::forgetfulRouter, Map.of(),
                        NetnsScenarios::idleClient, NetnsScenarios::answerOnce),
                new NetnsScenario("peer_unreachable", "After a request and its reply, a drop rule in the router cuts"
                        + " the server off. The client's next request is retransmitted with backoff and never"
                        + " acknowledged; with net.ipv4.tcp_retries2=" + TCP_RETRIES2 + " in the client's namespace"
                        + " (about 3 s of retransmissions instead of ~15 min) the kernel gives up when its"
                        + " retransmission timer next fires, and the client's read fails with connection timed out"
                        + " (ETIMEDOUT). No FIN, no RST.", "issue 7",
                        DiagnosisCode.PEER_UNREACHABLE, true, NetnsScenarios::fewRetries,
                        Map.of("cut", NetnsScenarios::cutServerOff),
                        NetnsScenarios::writeIntoTheVoid, NetnsScenarios::answerOnce),
                new NetnsScenario("peer_unreachable_keepalive", "As peer_unreachable, but the client only waits: TCP"
                        + " keep-alive (TCP_KEEPIDLE " + KEEPALIVE_IDLE_SECONDS + " s, TCP_KEEPINTVL "
                        + KEEPALIVE_INTERVAL_SECONDS + " s, TCP_KEEPCNT " + KEEPALIVE_PROBES + ") probes the silent"
                        + " connection, no probe is answered, and the client's read fails with connection timed out"
                        + " (ETIMEDOUT) without a byte of data retransmitted; the client's kernel sends RST as it gives"
                        + " up.", "issue 7",
                        DiagnosisCode.PEER_UNREACHABLE, true, NetnsScenarios::plainRouter,
                        Map.of("cut", NetnsScenarios::cutServerOff),
                        NetnsScenarios::keepAliveIntoTheVoid, NetnsScenarios::answerOnce),
                new NetnsScenario("stale_pooled_connection_jdk_server", "As stale_pooled_connection, but the server"
                        + " is the JDK's own com.sun.net.httpserver.HttpServer, its idle timeout cut to 1 s"
                        + " (sun.net.httpserver.idleInterval=1, read once per JVM, hence a JVM of its own in a"
                        + " namespace of its own). The client's pool reuses the connection 0.5 s after the server's"
                        + " idle FIN: the request is written, the server's kernel answers RST, the client's read"
                        + " returns EOF. The server's calls happen inside the HttpServer and are not recorded.",
                        "issue 7",
                        DiagnosisCode.STALE_POOLED_CONNECTION, false, n -> { },
                        Map.of("server closed", NetnsScenarios::awaitCloseWait),
                        NetnsScenarios::poolReusingAfterServerClose, NetnsScenarios::jdkHttpServer,
                        List.of("-Dsun.net.httpserver.idleInterval=" + JDK_SERVER_IDLE_SECONDS,
                                "-Dsun.net.httpserver.clockTick=" + JDK_SERVER_CLOCK_TICK_MILLIS)),
                new NetnsScenario("accept_queue_overflow", "A listener with backlog 1 never accepts"
                        + " (net.ipv4.tcp_abort_on_overflow=0, the default). One connection waits in its queue; a"
                        + " second client's SYN-ACK is held back by a rule while a third connection fills the queue;"
                        + " then the held handshake completes on the client's side (the client's SYN retransmission"
                        + " and the server's SYN-ACK retransmission cross at 1 s), but the server drops its final"
                        + " ACK and its data (queue full) and retransmits its SYN-ACK. The client's connect and write succeed; its"
                        + " read times out (3 s deadline) with no answer. One namespace, captured on its loopback.",
                        "issue 7, 002",
                        DiagnosisCode.ACCEPT_QUEUE_OVERFLOW, false, NetnsScenarios::serverOutputChain,
                        Map.of("hold", NetnsScenarios::holdSynAck, "syn received", NetnsScenarios::awaitSynReceived,
                                "release", NetnsScenarios::releaseSynAck),
                        NetnsScenarios::overflowingClients, NetnsScenarios::neverAccept),
                new NetnsScenario("connect_gave_up_before_synack", "The server's SYN-ACKs are held back by an output"
                        + " rule (a slow or lossy path, an overloaded server); the client's connect deadline ("
                        + IMPATIENT_CONNECT_DEADLINE_MILLIS + " ms) passes first and connect fails with ETIMEDOUT"
                        + " ('Connect timed out'), closing the socket. Then the rule goes: the server's next SYN-ACK"
                        + " retransmission reaches a port with no socket and the client's kernel answers RST. The"
                        + " server's half-open request dies with it: accept() never returns it. One namespace,"
                        + " captured on its loopback.", "issue 7",
                        DiagnosisCode.HANDSHAKE_INCOMPLETE, false, NetnsScenarios::serverOutputChain,
                        Map.of("hold", NetnsScenarios::holdSynAck, "release", NetnsScenarios::releaseSynAck),
                        NetnsScenarios::impatientClient, NetnsScenarios::neverAccept));
    }

    private static void forgetfulRouter(Netns n) throws ScenarioException {
        n.nft(n.router(), FORGETFUL_ROUTER);
        // After the ruleset: its ct expressions load conntrack into the namespace, which creates the sysctl.
        n.exec(n.router(), "sysctl", "-q", "-w",
                "net.netfilter.nf_conntrack_tcp_timeout_established=" + CONNTRACK_ESTABLISHED_TIMEOUT_SECONDS);
    }

    private static void plainRouter(Netns n) throws ScenarioException {
        n.nft(n.router(), PLAIN_ROUTER);
    }

    private static void fewRetries(Netns n) throws ScenarioException {
        plainRouter(n);
        n.exec(n.client(), "sysctl", "-q", "-w", "net.ipv4.tcp_retries2=" + TCP_RETRIES2);
    }

    private static void cutServerOff(Netns n, String unused) throws ScenarioException {
        n.nft(n.router(), CUT_SERVER_OFF);
    }

    private static void serverOutputChain(Netns n) throws ScenarioException {
        n.exec(n.server(), "sysctl", "-q", "-w", "net.ipv4.tcp_abort_on_overflow=0");
        n.nft(n.server(), SERVER_OUTPUT_CHAIN);
    }

    /** Holds back every segment the listener sends to client port {@code port}: its SYN-ACK. */
    private static void holdSynAck(Netns n, String port) throws ScenarioException {
        int p = Integer.parseInt(port);
        n.nft(n.server(), "add rule inet tcpwhy_lab output tcp sport " + Netns.SERVER_PORT + " tcp dport " + p + " drop\n");
    }

    /**
     * Waits until the listener holds a request in SYN_RECV for client port {@code port}: its
     * SYN got in while the queue had room. Polled with ss, so a slow machine cannot let the
     * filler's handshake overtake it.
     */
    private static void awaitSynReceived(Netns n, String port) throws ScenarioException {
        awaitSocket(n, n.server(), "syn-recv", "dport", port);
    }

    /** Waits until the client's socket on port {@code port} is in CLOSE_WAIT: the server's FIN has arrived. */
    private static void awaitCloseWait(Netns n, String port) throws ScenarioException {
        awaitSocket(n, n.client(), "close-wait", "sport", port);
    }

    private static void awaitSocket(Netns n, String ns, String state, String which, String port)
            throws ScenarioException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Stage.STEP_TIMEOUT_SECONDS);
        do {
            if (!n.output(ns, "ss", "-Htn", "state", state, which, "= :" + port).isBlank()) {
                return;
            }
            try {
                Stage.pause(SOCKET_STATE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScenarioException("interrupted while waiting for port " + port + " in " + state, e);
            }
        } while (System.nanoTime() < deadline);
        throw new ScenarioException("no socket in " + state + " with " + which + " " + port + " after "
                + Stage.STEP_TIMEOUT_SECONDS + " s");
    }

    private static void jdkHttpServer(Peer peer) throws Exception {
        HttpServer server = HttpServer.create(peer.server(), Scenario.DEFAULT_BACKLOG);
        server.createContext("/", exchange -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(HTTP_OK, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        peer.listening();
        // Serves until the parent's 'stop', when the JVM exits.
    }

    private static void poolReusingAfterServerClose(Peer peer) throws Exception {
        PeerConn c = peer.connection(DiagnosisCode.STALE_POOLED_CONNECTION, CLOSED, CLOSED);
        c.connect(0);
        c.write(REQUEST);
        c.readHttpResponse();
        // Idle in the pool, unwatched, until the server's idle FIN has arrived; then reused.
        peer.await("server closed", Integer.toString(c.localPort()));
        Stage.pause(Scenarios.REUSE_AFTER_CLOSE_MILLIS);
        c.write(REQUEST);
        Stage.pause(Scenarios.SETTLE_MILLIS);
        c.readHttpResponse();
        c.close();
    }

    private static void releaseSynAck(Netns n, String unused) throws ScenarioException {
        n.nft(n.server(), "flush chain inet tcpwhy_lab output\n");
    }

    private static void answerOnce(Peer peer) throws Exception {
        ServerSocket listener = peer.listen(Scenario.DEFAULT_BACKLOG);
        PeerConn c = peer.accept(listener);
        c.read();
        c.write(RESPONSE);
        // Then waits for the next request, which never reaches it; the parent ends it after the capture.
    }

    private static void neverAccept(Peer peer) throws Exception {
        peer.listen(1);
    }

    private static void impatientClient(Peer peer) throws Exception {
        PeerConn c = peer.connection(DiagnosisCode.HANDSHAKE_INCOMPLETE, CLOSED, CLOSED);
        peer.await("hold", Integer.toString(c.localPort()));
        c.connect(IMPATIENT_CONNECT_DEADLINE_MILLIS);
        peer.await("release", "-");
        Stage.pause(LATE_SYN_ACK_WAIT_MILLIS);
    }

    private static void idleClient(Peer peer) throws Exception {
        PeerConn c = peer.connection(DiagnosisCode.IDLE_FORGOTTEN, CLOSED, ESTABLISHED);
        c.connect(0);
        c.write(REQUEST);
        c.read();
        Stage.pause(IDLE_MILLIS);
        c.write(REQUEST);
        Stage.pause(Scenarios.SETTLE_MILLIS);
        c.read();
        c.close();
    }

    private static void writeIntoTheVoid(Peer peer) throws Exception {
        PeerConn c = peer.connection(DiagnosisCode.PEER_UNREACHABLE, CLOSED, ESTABLISHED);
        c.connect(0);
        c.write(REQUEST);
        c.read();
        peer.await("cut", "-");
        c.write(REQUEST);
        // No read deadline: the kernel's retransmission limit ends the wait.
        c.read();
        c.close();
    }

    private static void keepAliveIntoTheVoid(Peer peer) throws Exception {
        PeerConn c = peer.connection(DiagnosisCode.PEER_UNREACHABLE, CLOSED, ESTABLISHED);
        c.keepAlive(KEEPALIVE_IDLE_SECONDS, KEEPALIVE_INTERVAL_SECONDS, KEEPALIVE_PROBES);
        c.connect(0);
        c.write(REQUEST);
        c.read();
        peer.await("cut", "-");
        // Waits for the server to push something; only keep-alive notices that it cannot.
        c.read();
        c.close();
    }

    private static void overflowingClients(Peer peer) throws Exception {
        PeerConn first = peer.connection(DiagnosisCode.OPEN, ESTABLISHED, ESTABLISHED);
        first.connect(0);
        PeerConn late = peer.connection(DiagnosisCode.ACCEPT_QUEUE_OVERFLOW, ESTABLISHED, SYN_RECEIVED);
        peer.await("hold", Integer.toString(late.localPort()));
        // Its SYN gets in while the queue has room; its SYN-ACK is held back.
        CompletableFuture<ObservedResult> connected = CompletableFuture.supplyAsync(() -> {
            try {
                return late.connect(CONNECT_DEADLINE_MILLIS);
            } catch (ScenarioException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        peer.await("syn received", Integer.toString(late.localPort()));
        PeerConn filler = peer.connection(DiagnosisCode.OPEN, ESTABLISHED, ESTABLISHED);
        filler.connect(0);
        // The queue now holds two: full for backlog 1. The next final ACK is dropped.
        peer.await("release", "-");
        connected.get(CONNECT_DEADLINE_MILLIS + Stage.STEP_TIMEOUT_SECONDS * 1000, TimeUnit.MILLISECONDS);
        late.write(REQUEST);
        late.readDeadline(OVERFLOW_READ_DEADLINE_MILLIS);
        late.read();
    }
}
