package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;
import static io.tcpwhy.diagnosis.Words.the;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a RST came from the endpoint it names or from something between the hosts. A
 * host's stack sends every segment of a connection with the same initial TTL over the same
 * path, so a RST arriving with another TTL (or hop limit) was sent by another device: a
 * load balancer, NAT or firewall answering for a connection it no longer knows. Other
 * header habits back it up: a side that put the TCP timestamps option (RFC 7323) on every
 * segment answers from its own socket with one too, while a reset sent without a socket
 * (by a middlebox, or by a host that has forgotten the connection) carries none.
 */
final class MiddleboxRules {

    private MiddleboxRules() {
    }

    /** The annotation for the first accepted RST when its TTL betrays another sender, or null. */
    static Annotation rstFromMiddlebox(ConnectionRecorder rec) {
        Annotation client = rstFromMiddlebox(rec, Side.CLIENT);
        return client != null ? client : rstFromMiddlebox(rec, Side.SERVER);
    }

    private static Annotation rstFromMiddlebox(ConnectionRecorder rec, Side side) {
        EndpointTrack t = rec.track(side);
        return t.reset() && ttlDiffers(t) ? new Annotation.RstFromMiddlebox(side, t.resetFrame(), evidence(rec, side)) : null;
    }

    /** The RST's TTL is not the one every earlier segment of that side carried. */
    static boolean ttlDiffers(EndpointTrack t) {
        return t.nonRstSegments > 0 && !t.ttlVaried && t.ttl >= 0 && t.resetTtl() >= 0 && t.resetTtl() != t.ttl;
    }

    /** The RST carried no timestamps option, though every earlier segment of that side did. */
    static boolean timestampsMissing(EndpointTrack t) {
        return t.nonRstSegments > 0 && t.timestampSegments == t.nonRstSegments && !t.resetHasTimestamps();
    }

    /** What in the first accepted RST of {@code side} departs from that side's own segments, as sentences. */
    static List<String> evidence(ConnectionRecorder rec, Side side) {
        EndpointTrack t = rec.track(side);
        List<String> out = new ArrayList<>();
        if (t.resetFrame() == NONE) {
            return out;
        }
        String who = the(side);
        if (ttlDiffers(t)) {
            out.add("its TTL/hop limit is " + t.resetTtl() + " where every earlier segment of " + who + " arrived with "
                    + t.ttl + ": another device sent it, " + hops(t) + " from the capture point");
        }
        if (timestampsMissing(t)) {
            out.add("it carries no TCP timestamps option although all " + t.nonRstSegments + " earlier segments of "
                    + who + " did: it was not sent from the connection's socket");
        }
        if (t.resetIpId() == 0 && t.lastIpId > 0) {
            out.add("its IPv4 ID is 0 while " + who + "'s segments carried running IDs");
        }
        return out;
    }

    private static String hops(EndpointTrack t) {
        int d = t.resetTtl() - t.ttl;
        if (d > 0) {
            return d + (d == 1 ? " hop" : " hops") + " closer than " + "the endpoint (or one with another initial TTL)";
        }
        return "with another initial TTL or on another path";
    }
}
