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
