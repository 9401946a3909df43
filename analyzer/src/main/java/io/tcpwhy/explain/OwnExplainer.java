package io.tcpwhy.explain;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Explains errors with nothing on the wire honestly: the own action that causes each, and
 * what the capture shows around it (the side's own FIN or RST and when; for port
 * exhaustion, how many connections went from that host to that server and how many ended
 * in TIME_WAIT on its side).
 */
public final class OwnExplainer {

    private OwnExplainer() {
    }

    /** Explains {@code action} (the text's own action, or its fallback when the wire showed no peer close). */
    public static OwnExplanation explain(ErrorLine e, OwnAction action, OwnFindings found, long connections) {
        OwnFindings.OwnClose best = found.closes().isEmpty() ? null : found.closes().get(0);
        List<String> capture = new ArrayList<>();
        return switch (action) {
            case CLOSED_BY_SELF, NOT_CONNECTED, ABORTED_BY_SELF -> ownClose(e, action, found, best, connections, capture);
            case PORT_EXHAUSTION -> portExhaustion(e, found, connections, capture);
            case NETWORK_UNREACHABLE, NETWORK_DOWN -> noRoute(e, action, found, connections, capture);
        };
    }

    private static OwnExplanation ownClose(ErrorLine e, OwnAction action, OwnFindings found,
                                           OwnFindings.OwnClose best, long connections, List<String> capture) {
        Side side = best != null ? best.side() : null;
        String who = side == null ? "the program" : "the " + side.wire();
        String call = e.call() == null ? "call" : e.call().wire();
        String question = "Why did " + who + "'s " + call + " fail with '" + e.matched() + "'?";
        StringBuilder answer = new StringBuilder();
        String what = switch (action) {
            case CLOSED_BY_SELF -> "a call on a socket the program has already closed fails at once, inside the"
                    + " program, and sends nothing";
            case NOT_CONNECTED -> "ENOTCONN comes from the program's own socket: shutdown() or a read or write on a"
                    + " socket that is not (or no longer) connected, such as one closed twice or whose connect never"
                    + " completed; the kernel answers it without sending anything";
            default -> "Node reports 'socket hang up' also when the client destroys its own request (req.destroy(),"
                    + " a timeout handler, an AbortSignal) before the response came";
        };
        if (best != null) {
            ConnectionReport r = best.report();
            answer.append(capitalise(Explainer.name(r, side))).append(" closed this connection itself: its own ")
                    .append(Explainer.flagName(best.close())).append(" in frame ").append(best.close().frame())
                    .append(" (").append(Explainer.relativeTime(r, best.close().timeNanos())).append(") came before any")
                    .append(" FIN or RST from ").append(Explainer.name(r, side.opposite())).append("; ").append(what)
                    .append('.');
            capture.add("Connection #" + r.id() + " " + r.client() + " -> " + r.server() + ": the " + side.wire()
                    + "'s own " + Explainer.flagName(best.close()) + " in frame " + best.close().frame() + " at "
                    + Render.time(r, best.close().timeNanos()) + ", before any close from the " + side.opposite().wire()
                    + ".");
            if (best.lastBefore() != null) {
                SegmentEvidence b = best.lastBefore();
                capture.add(String.format(Locale.ROOT, "Before it: frame %d, the %s's %s, %.3f s earlier.", b.frame(),
                        b.from().wire(), Explainer.flagName(b), Timestamps.seconds(b.timeNanos(),
                                best.close().timeNanos())));
            }
            if (e.loggedAt() != null && best.distanceNanos() > 0) {
                capture.add(String.format(Locale.ROOT, "The error was logged %.3f s from that close.",
                        best.distanceNanos() / 1e9));
            }
            if (found.closeCount() > 1) {
                capture.add((found.closeCount() - 1) + " other connection" + (found.closeCount() == 2 ? "" : "s")
                        + " fitting the error's addresses also closed first on that side.");
            }
        } else {
            answer.append("Nothing on the wire causes this error: ").append(what).append('.');
            capture.add("None of the " + connections + " connections in the capture that fit the error's addresses"
                    + " shows that side closing first; the close may lie outside the capture.");
        }
        List<String> advice = switch (action) {
            case ABORTED_BY_SELF -> List.of(
                    "Look for a client timeout shorter than the server's response time (http.request's timeout with"
                            + " req.destroy(), AbortSignal.timeout, axios or got timeouts) and raise it, or make the"
                            + " server answer sooner",
                    "If the server did close first on another connection, see its keep-alive timeout: Node's"
                            + " http.Agent keepAlive with freeSocketTimeout (agentkeepalive) or undici's"
                            + " keepAliveTimeout must stay below the server's idle timeout");
            default -> List.of(
                    "Find the code that closed the socket while another part still used it (a deadline or context"
                            + " cancel that closes it, a second Close, a pool that recycled it) and give the"
                            + " connection one owner that closes it once",
                    "In Go, treat errors.Is(err, net.ErrClosed) as the end of a loop the program stopped itself, not"
                            + " as a network failure; in Java, 'Socket closed' means this process called close()");
        };
        return new OwnExplanation(e, action, side, best, question, answer.toString(), capture, advice,
                "Which part of the program closed the socket is not on the wire; the program's own logs or a stack"
                        + " trace at close() would decide.");
    }

    private static OwnExplanation portExhaustion(ErrorLine e, OwnFindings found, long connections,
                                                 List<String> capture) {
        OwnFindings.Toward t = found.toward();
        String server = t != null ? t.server() : e.remote() != null ? e.remote().toString() : "that server";
        String host = t != null ? t.host() : "the logging host";
        String question = "Why did " + host + "'s connect to " + server + " fail with '" + e.matched() + "'?";
        String answer = "connect() failed on " + host + " before any SYN was sent: the kernel found no free local"
                + " port for another connection to " + server + " (EADDRNOTAVAIL). Each connection the host closes"
                + " first holds its local port in TIME_WAIT for 60 s on Linux, and one local port can reach one"
                + " server address and port only once at a time.";
        if (t != null) {
            capture.add("The capture holds " + t.connections() + " connection" + (t.connections() == 1 ? "" : "s")
                    + " from " + t.host() + " to " + t.server() + "; " + t.timeWait() + " of them ended in TIME_WAIT on "
                    + t.host() + "'s side (it closed first), " + t.answered() + " got an answer from the server.");
            if (t.timeWaitAtError() >= 0) {
                capture.add(t.timeWaitAtError() + " of them ended in TIME_WAIT within the 60 s before the error was"
                        + " logged: their ports were still held then.");
            }
            if (t.hosts() > 1) {
                capture.add(t.allConnections() + " connections to " + t.server() + " from " + t.hosts()
                        + " hosts in all.");
            }
        } else {
            capture.add("The capture holds no connection to " + server + " (of " + connections
                    + "); it cannot show the connections that used up the ports.");
        }
        List<String> advice = List.of(
                "Reuse connections instead of opening one per request: HTTP keep-alive and a pool (Go: one shared"
                        + " http.Client, read each body to EOF and Close it, raise Transport.MaxIdleConnsPerHost from"
                        + " its default of 2; Java/Apache HttpClient and OkHttp pools; Node http.Agent keepAlive)",
                "Let the server close first where the protocol allows, so TIME_WAIT lands on the server",
                "On the client host: widen net.ipv4.ip_local_port_range and set net.ipv4.tcp_tw_reuse=1 (reuses"
                        + " TIME_WAIT ports for outgoing connections safely with TCP timestamps)");
        return new OwnExplanation(e, OwnAction.PORT_EXHAUSTION, t != null ? Side.CLIENT : null, null, question,
                answer, capture, advice, "The capture sees only the connections on its path; ports held by other"
                        + " processes or towards other servers count too. 'ss -tan state time-wait' and"
                        + " 'ss -s' on that host at the time would decide.");
    }

    private static OwnExplanation noRoute(ErrorLine e, OwnAction action, OwnFindings found, long connections,
                                          List<String> capture) {
        OwnFindings.Toward t = found.toward();
        String server = t != null ? t.server() : e.remote() != null ? e.remote().toString() : "the server";
        boolean down = action == OwnAction.NETWORK_DOWN;
        String question = "Why did the " + (e.call() == null ? "call" : e.call().wire()) + " to " + server
                + " fail with '" + e.matched() + "'?";
        String answer = down
                ? "The logging host's network interface was down (ENETDOWN): the kernel refused the call without"
                + " sending anything."
                : "The logging host had no route to " + server + " (ENETUNREACH), or a router answered with ICMP"
                + " unreachable (EHOSTUNREACH): connect() failed without a SYN-ACK, usually before any SYN left"
                + " the host.";
        if (t != null) {
            capture.add("The capture holds " + t.allConnections() + " connection" + (t.allConnections() == 1 ? "" : "s")
                    + " to " + t.server() + "; from " + t.host() + ": " + t.connections() + ", " + t.answered()
                    + " of them answered by the server.");
        } else {
            capture.add("The capture holds no SYN to " + server + " (of " + connections + " connections): nothing"
                    + " left the host, as expected when the route or the interface is missing.");
        }
        List<String> advice = down
                ? List.of("Check the interface on the logging host (ip link, ip addr): carrier, VPN or tunnel state,"
                + " a network manager taking it down", "Retry with backoff while the interface comes back")
                : List.of("Check the route on the logging host: ip route get " + (e.remote() != null
                        ? e.remote().address() : "ADDRESS") + "; a missing default route or an IPv6 target on a host"
                        + " without IPv6 routes gives this", "Check firewalls that answer with ICMP unreachable");
        return new OwnExplanation(e, action, null, null, question, answer, capture, advice,
                "The host's routing table and interface state at that moment are not in the capture; 'ip route' and"
                        + " 'ip link' output from then (or the system log) would decide.");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
