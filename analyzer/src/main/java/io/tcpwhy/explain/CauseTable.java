package io.tcpwhy.explain;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Causes and advice per diagnosis code and call result. The first row whose codes and
 * results both contain the case wins; the last row takes everything.
 */
final class CauseTable {

    private record Row(Set<DiagnosisCode> codes, Set<CallResult> results, Cause cause) {
    }

    private static final Set<CallResult> RESET = EnumSet.of(CallResult.ECONNRESET, CallResult.EPIPE);
    private static final Set<DiagnosisCode> ANY_CODE = EnumSet.allOf(DiagnosisCode.class);
    private static final Set<CallResult> ANY_RESULT = EnumSet.allOf(CallResult.class);

    private static final List<Row> ROWS = List.of(
            new Row(EnumSet.of(DiagnosisCode.RST_UNREAD_DATA), RESET, new Cause(
                    "{peer} closed its socket while data it had received (and acknowledged) was still unread;"
                            + " closing a socket with unread data sends RST instead of FIN"
                            + " (RFC 2525 §2.17, RFC 1122 §4.2.2.13), and the RST discards whatever {self} still had"
                            + " in flight",
                    "{peer}'s application closed the connection (or its process exited) without reading everything"
                            + " {self} had sent: typically it sent its request or reply, then closed without reading"
                            + " the answer",
                    List.of("{peer}: read until EOF (or until the whole reply) before closing; if the rest is not"
                                    + " wanted, shut down writing first (shutdown(SHUT_WR)), drain, then close",
                            "{self}: once a complete exchange is done, treat this reset as the peer leaving and do"
                                    + " not retry blindly; make the protocol say when each side is done"),
                    "Whether {peer}'s application closed on purpose or its process exited or crashed looks the same"
                            + " on the wire; {peer}'s logs or exit status would decide")),
            new Row(EnumSet.of(DiagnosisCode.RST_AFTER_CLOSE), RESET, new Cause(
                    "{peer} had already closed its socket (its FIN came first) and then received more data from {self};"
                            + " a closed socket has no reader, so {peer}'s kernel answered that data with RST",
                    "{peer}'s application was done with the connection and closed it - an idle or keep-alive timeout,"
                            + " the end of its protocol exchange, or a shutdown - while {self} still used it",
                    List.of("{self}: when read returns EOF, stop writing and close; the FIN means the peer is done",
                            "{self}: for pooled or keep-alive connections, keep the idle timeout below {peer}'s, check a"
                                    + " connection before reuse, and retry idempotent requests on a fresh connection"),
                    "The capture cannot tell an idle timeout in {peer} from an error that made it close; {peer}'s"
                            + " idle/keep-alive timeout setting and its logs at the time of the FIN would decide")),
            new Row(EnumSet.of(DiagnosisCode.RST_ABORT), RESET, new Cause(
                    "{peer} reset the connection with nothing unread and without a FIN first: an abortive close",
                    "{peer}'s application closed with SO_LINGER set to 0, or its process was killed; or a proxy,"
                            + " load balancer or firewall between the two dropped the connection and reset it",
                    List.of("Find out who sent the RST: compare its TTL and IP ID with {peer}'s other packets, or"
                                    + " capture on {peer}'s host",
                            "If the connection idles for long, send TCP keepalives or application heartbeats more often"
                                    + " than any middlebox's idle timeout",
                            "{peer}: do not set SO_LINGER 0 unless an abort is meant"),
                    "A RST from {peer}'s application and one forged by a middlebox look alike; a capture on {peer}'s"
                            + " own host (does the RST leave it?) or {peer}'s logs would decide")),
            new Row(EnumSet.of(DiagnosisCode.REFUSED), EnumSet.of(CallResult.ECONNREFUSED), new Cause(
                    "{peer}'s host answered the SYN with RST: nothing was listening on that address and port",
                    "the server process was not running, not yet listening, or listening on another address or port",
                    List.of("Check that the server listens on that address and port (ss -ltnp) before clients start",
                            "Retry connects with backoff while the server may still be starting"),
                    "A firewall rejecting with a TCP reset, or Linux's tcp_abort_on_overflow with a full accept queue,"
                            + " looks the same; the server host's firewall rules and listen sockets would decide")),
            new Row(EnumSet.of(DiagnosisCode.SYN_UNANSWERED), ANY_RESULT, new Cause(
                    "No SYN-ACK came back: {self}'s SYN and its retransmissions went unanswered until its connect"
                            + " gave up",
                    "{peer} did not answer: its accept queue was full and it dropped the SYN, a firewall dropped"
                            + " the packets, or the host was down or unreachable",
                    List.of("Watch the server's accept backlog: ss -ltn (Recv-Q against Send-Q) and netstat -s"
                                    + " ('SYNs to LISTEN sockets dropped'); accept faster or raise the backlog",
                            "Check firewalls and security groups on the path",
                            "{self}: set a connect timeout that matches the retries you want"),
                    "From {self}'s side a full accept queue, a dropping firewall and a down host look the same;"
                            + " a capture on {peer}'s host (did the SYN arrive?) and its listen-queue counters would decide")),
            new Row(EnumSet.of(DiagnosisCode.HANDSHAKE_INCOMPLETE), ANY_RESULT, new Cause(
                    "The server answered with SYN-ACK but the client's final ACK never came, so the connection never"
                            + " became established",
                    "the client gave up or its ACK was lost; asymmetric routing or a firewall that let the SYN-ACK"
                            + " through one way only can also do it",
                    List.of("Check the path between the two for a firewall or NAT dropping one direction",
                            "Capture on the client host to see whether the SYN-ACK arrived"),
                    "Whether the SYN-ACK reached the client cannot be seen from here; a capture on the client"
                            + " host would decide")),
            new Row(EnumSet.of(DiagnosisCode.CLOSE_WAIT, DiagnosisCode.ORDERLY, DiagnosisCode.HALF_CLOSE,
                    DiagnosisCode.RST_AFTER_CLOSE), EnumSet.of(CallResult.EOF), new Cause(
                    "{peer} closed its sending half with FIN; once the data before it is read, read returns EOF",
                    "{peer}'s application finished and closed (or shut down writing)",
                    List.of("{self}: when read returns EOF, close the socket (in Go: defer conn.Close()); a socket"
                                    + " left open after EOF stays in CLOSE_WAIT and leaks a descriptor",
                            "EOF is the normal end of a stream, not an error: handle it apart from resets"),
                    null)),
            new Row(EnumSet.of(DiagnosisCode.STALE_POOLED_CONNECTION), ANY_RESULT, new Cause(
                    "{self} reused a pooled keep-alive connection that {peer} had already closed as idle: {peer}'s FIN"
                            + " was waiting in {self}'s socket when the next request went out, and that request drew"
                            + " RST (or read EOF before any response)",
                    "{peer}'s keep-alive (idle) timeout expired and it closed the connection, as it is meant to; the"
                            + " race is that {self}'s pool kept the connection longer than {peer} does",
                    List.of("{self}: keep the pool's idle timeout below {peer}'s keep-alive timeout. Go net/http:"
                                    + " Transport.IdleConnTimeout; Apache HttpClient: evictIdleConnections and"
                                    + " validateAfterInactivity (4.x) / setValidateAfterInactivity (5.x); OkHttp:"
                                    + " ConnectionPool(maxIdle, keepAliveDuration); Java HttpClient:"
                                    + " -Djdk.httpclient.keepalive.timeout; Node http.Agent: keepAlive with"
                                    + " freeSocketTimeout (agentkeepalive), undici: keepAliveTimeout; Python aiohttp:"
                                    + " TCPConnector(keepalive_timeout=...)",
                            "{self}: retry idempotent requests once on a fresh connection when a reused one fails"
                                    + " before any response byte (Python requests/urllib3: Retry(total=...,"
                                    + " allowed_methods=...); Go retries some of these itself)",
                            "{peer}: know its idle timeout and publish it (nginx keepalive_timeout, 75 s by default;"
                                    + " Envoy common_http_protocol_options.idle_timeout, 1 h; HAProxy timeout"
                                    + " http-keep-alive; Node server.keepAliveTimeout, 5 s) and keep it above the"
                                    + " clients' pool timeouts"),
                    "Whether {peer} closed because of its own keep-alive timeout or an intermediate proxy did looks the"
                            + " same; {peer}'s configured idle timeout against the idle time before its FIN would"
                            + " decide")),
            new Row(EnumSet.of(DiagnosisCode.IDLE_FORGOTTEN), ANY_RESULT, new Cause(
                    "After a long idle time, {self}'s next segment drew a RST (or no answer at all): {peer} or a"
                            + " middlebox on the path (load balancer, NAT gateway, conntrack firewall) had forgotten"
                            + " the connection without telling either side",
                    "{peer}'s application may never have closed; an idle timeout in something between the two"
                            + " dropped the connection's state",
                    List.of("Send TCP keepalives or application pings more often than the shortest idle timeout on"
                                    + " the path: AWS ALB 60 s, AWS NLB 350 s, GCP load balancers 600 s, Azure Load"
                                    + " Balancer 4 min by default, NAT gateways and conntrack"
                                    + " (nf_conntrack_tcp_timeout_established, 5 days by default, often lowered)",
                            "{self}: keep pooled connections' idle timeout below that middlebox timeout (Go"
                                    + " Transport.IdleConnTimeout, Apache evictIdleConnections, OkHttp ConnectionPool"
                                    + " keepAlive, Node agent freeSocketTimeout, aiohttp keepalive_timeout), or"
                                    + " validate them before reuse",
                            "On Linux, net.ipv4.tcp_keepalive_time (7200 s by default) is far above these; set"
                                    + " SO_KEEPALIVE with TCP_KEEPIDLE per socket instead"),
                    "Which box forgot the connection is not visible from one capture point; the RST's TTL against"
                            + " {peer}'s (see RST_FROM_MIDDLEBOX) and a capture on {peer}'s host would decide")),
            new Row(EnumSet.of(DiagnosisCode.PEER_UNREACHABLE), ANY_RESULT, new Cause(
                    "{self} retransmitted its data (or keepalive probes) and {peer} never acknowledged them, until"
                            + " {self}'s kernel gave up: ETIMEDOUT",
                    "{peer} was gone (crashed host, lost network, a failover that moved its address) or a middlebox"
                            + " silently dropped the connection",
                    List.of("{self}: bound how long a dead peer can hold a request: TCP_USER_TIMEOUT, or fewer"
                                    + " retries (net.ipv4.tcp_retries2, 15 by default: about 15 minutes), plus an"
                                    + " application read timeout",
                            "Check what happened to {peer}'s host or the path at that time (failover, security group"
                                    + " or NAT changes)"),
                    "A dead host, a black-holing middlebox and a one-way path loss look the same from here; a capture"
                            + " on {peer}'s host (did the segments arrive?) would decide")),
            new Row(EnumSet.of(DiagnosisCode.SERVER_GAVE_UP), ANY_RESULT, new Cause(
                    "The server closed or reset the connection while {self}'s request had been acknowledged and was"
                            + " not yet answered: the client sees EOF (Node 'socket hang up', Python"
                            + " RemoteDisconnected, curl 'Empty reply from server') or a reset",
                    "the server's application gave up on the request: a request timeout, a worker killed or"
                            + " restarted (deploy, OOM), or a proxy's upstream timeout",
                    List.of("On the server: find what ended the request at that time (request or upstream timeouts:"
                                    + " nginx proxy_read_timeout, Envoy route timeout, HAProxy timeout server; worker"
                                    + " restarts; OOM kills)",
                            "{self}: retry only idempotent requests, with backoff (Python urllib3 Retry, Apache"
                                    + " HttpRequestRetryHandler, OkHttp retryOnConnectionFailure)"),
                    "Why the server's application gave up is not on the wire; its logs at the time of its FIN or RST"
                            + " would decide")),
            new Row(EnumSet.of(DiagnosisCode.ACCEPT_QUEUE_OVERFLOW), ANY_RESULT, new Cause(
                    "The server's kernel ignored the handshake's final ACK because the listening socket's accept"
                            + " queue was full: the connection never reached the server's application, so {self}'s"
                            + " data went unanswered while the SYN-ACK was retransmitted",
                    "the server's application did not call accept() fast enough for the arriving connections (too"
                            + " few workers, a stalled event loop, or a backlog set too small)",
                    List.of("On the server: watch 'ss -ltn' (Recv-Q against Send-Q) and 'nstat -az TcpExtListenOverflows"
                                    + " TcpExtListenDrops'; raise the listen backlog (and net.core.somaxconn) and"
                                    + " accept faster",
                            "{self}: connect and read timeouts with retries and backoff, so an overloaded server"
                                    + " is not hit harder"),
                    "The capture shows the overflow's symptoms; the server's listen-queue counters from that moment"
                            + " would confirm it")),
            new Row(ANY_CODE, EnumSet.of(CallResult.ETIMEDOUT), new Cause(
                    "Nothing arrived from {peer} within {self}'s deadline; a timeout leaves no packet of its own,"
                            + " its mark is the silence before {self} gave up",
                    "{peer}'s application was slow or stuck (the data was acknowledged by its kernel, so it arrived),"
                            + " or {peer} had nothing to say",
                    List.of("{self}: set read deadlines that fit {peer}'s worst response time, and close the connection"
                                    + " when one fires",
                            "{peer}: look for what held up the reply at that time (locks, slow backends, GC pauses)"),
                    "The capture cannot show why {peer}'s application did not answer; {peer}'s logs or a thread"
                            + " dump from that moment would decide")),
            new Row(EnumSet.of(DiagnosisCode.CLOSE_WAIT), RESET, new Cause(
                    "{peer} closed, {self} kept the socket open, and a later write met {peer}'s reset",
                    "{peer}'s application closed after it was done",
                    List.of("{self}: close after read returns EOF instead of writing on"),
                    null)),
            new Row(ANY_CODE, ANY_RESULT, new Cause(
                    "The capture does not show the segment that would explain this result for {self}",
                    "not visible in this capture",
                    List.of("Capture on {self}'s host, from before the connection opens, so that the handshake and"
                            + " the end are both seen"),
                    "The capture cannot decide: the segments that ended this connection for {self} are missing"
                            + " (the capture may have started late, ended early, or been taken on another path)")));

    private CauseTable() {
    }

    static Cause lookup(DiagnosisCode code, CallResult result) {
        for (Row row : ROWS) {
            if (row.codes().contains(code) && row.results().contains(result)) {
                return row.cause();
            }
        }
        throw new IllegalStateException("the last row takes every case");
    }
}
