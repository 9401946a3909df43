package io.tcpwhy.replay;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a recorded connection into the script of one of its sides: the side's chunks become
 * sends at their recorded times, the peer's chunks waits for that many bytes, the peer's FIN a
 * read until EOF; the side's own FIN and RST decide how it ends (see {@link Ending}).
 */
public final class ScriptBuilder {

    /** The least an unanswered connect waits, so one SYN retransmission (1 s initial RTO, RFC 6298 §2.1) fits. */
    static final long MIN_UNANSWERED_CONNECT_NANOS = 1_000_000_000L;

    private ScriptBuilder() {
    }

    /** One thing on the wire, in capture order. */
    private record Event(long frame, long timeNanos, Side from, Chunk chunk, boolean fin, boolean reset) {
    }

    /**
     * @throws ReplayException when the played side has nothing to replay: as server, a
     *         connection that never completed its handshake; either side, no payload either
     *         way and no FIN or RST from the played side
     */
    public static Script build(Recording r, Side played, String source) throws ReplayException {
        Side peer = played.opposite();
        Script.Handshake handshake = r.synAnswered() ? Script.Handshake.ESTABLISHED
                : r.refused() ? Script.Handshake.REFUSED : Script.Handshake.UNANSWERED;
        if (handshake == Script.Handshake.ESTABLISHED && connectGaveUp(r)) {
            handshake = Script.Handshake.GAVE_UP;
        }
        if (played == Side.SERVER && handshake != Script.Handshake.ESTABLISHED) {
            throw new ReplayException(source + ": the server never accepted (handshake " + handshake.wire()
                    + "), so there is no server side to play (expected a connection whose handshake completed)");
        }
        if (handshake == Script.Handshake.GAVE_UP) {
            return gaveUp(r, source);
        }
        List<Event> events = new ArrayList<>();
        for (Side side : Side.values()) {
            for (Chunk c : r.chunks(side)) {
                events.add(new Event(c.frame(), c.timeNanos(), side, c, false, false));
            }
        }
        for (Recording.Control c : r.controls()) {
            events.add(new Event(c.frame(), c.timeNanos(), c.from(), null, !c.reset(), c.reset()));
        }
        events.sort(Comparator.comparingLong(Event::frame));

        long start = r.startNanos();
        List<Step> steps = new ArrayList<>();
        Event playedFin = null;
        Event playedReset = null;
        Event peerReset = null;
        boolean peerDataAfterPlayedFin = false;
        boolean resetAfterFin = false;
        Side lastDataBeforeReset = null;
        Side lastDataBeforeFin = null;
        int stepsAtFin = -1;
        Side lastData = null;
        for (Event e : events) {
            if (playedReset != null || peerReset != null) {
                break; // after a RST nothing more is exchanged
            }
            long at = Math.max(0, e.timeNanos() - start);
            if (e.chunk() != null) {
                if (e.from() == played) {
                    steps.add(Step.send(at, e.chunk().bytes()));
                } else {
                    if (playedFin != null) {
                        peerDataAfterPlayedFin = true;
                    }
                    Step previous = steps.isEmpty() ? null : steps.get(steps.size() - 1);
                    if (previous != null && previous.kind() == Step.Kind.EXPECT) {
                        steps.set(steps.size() - 1, Step.expect(previous.atNanos(), previous.count() + e.chunk().length()));
                    } else {
                        steps.add(Step.expect(at, e.chunk().length()));
                    }
                }
                lastData = e.from();
            } else if (e.fin()) {
                if (e.from() == played && playedFin == null) {
                    playedFin = e;
                    lastDataBeforeFin = lastData;
                    stepsAtFin = steps.size();
                    steps.add(Step.shutdown(at));
                } else if (e.from() == peer && steps.stream().noneMatch(s -> s.kind() == Step.Kind.EXPECT_END)) {
                    steps.add(Step.expectEnd(at));
                }
            } else if (e.from() == played) {
                if (playedFin == null || !peerDataAfterPlayedFin) {
                    playedReset = e;
                    lastDataBeforeReset = lastData;
                } else {
                    // The closed socket's kernel answering the peer's late data: the close was a full one.
                    resetAfterFin = true;
                    break;
                }
            } else {
                peerReset = e;
            }
        }

        List<Recording.Probe> probes = r.probes().stream().filter(p -> p.from() == played).toList();
        // Probes, none answered (the peer's last segment is the same before the first and the last),
        // then the side's RST without FIN: its kernel gave up on keep-alive, it did not close.
        boolean keepAliveGaveUp = !probes.isEmpty() && playedReset != null && playedFin == null && peerReset == null
                && playedReset.timeNanos() >= probes.get(probes.size() - 1).timeNanos()
                && probes.get(probes.size() - 1).peerLastNanos() == probes.get(0).peerLastNanos();
        KeepAlive keepAlive = probes.isEmpty() ? null
                : KeepAlive.fromProbes(probes.stream().map(Recording.Probe::timeNanos).toList(),
                        probes.get(0).peerLastNanos() < 0 ? start : probes.get(0).peerLastNanos(), keepAliveGaveUp);
        Ending ending;
        long endAt;
        if (keepAliveGaveUp) {
            // The peer's bytes were read (or not: it makes no difference to a connection the kernel aborts).
            endAt = playedReset.timeNanos() - start;
            ending = Ending.KEEPALIVE_GAVE_UP;
        } else if (playedReset != null && playedFin == null) {
            // RST without FIN: close with unread data if the peer's bytes came last, else SO_LINGER 0.
            endAt = playedReset.timeNanos() - start;
            if (lastDataBeforeReset == peer) {
                ending = Ending.CLOSE_UNREAD;
                leaveUnread(steps, steps.size());
            } else {
                ending = Ending.LINGER_ZERO;
            }
        } else if (playedReset != null && lastDataBeforeFin == peer) {
            // FIN then RST with nothing new from the peer: java.net.Socket's close with unread data.
            endAt = playedFin.timeNanos() - start;
            ending = Ending.SHUTDOWN_THEN_CLOSE_UNREAD;
            trimAfter(steps, stepsAtFin);
            leaveUnread(steps, stepsAtFin);
        } else if (playedFin != null && (!peerDataAfterPlayedFin || resetAfterFin)) {
            // A close: what the peer did after it is the peer's business, observed in the replay's capture.
            endAt = playedFin.timeNanos() - start;
            ending = Ending.CLOSE;
            trimAfter(steps, stepsAtFin);
        } else if (playedFin != null) {
            // A half-close: the peer's data after the FIN was read.
            ending = Ending.CLOSE;
            endAt = lastStepTime(steps, playedFin.timeNanos() - start);
            if (peerReset != null) {
                ending = Ending.AFTER_PEER_RESET;
                endAt = peerReset.timeNanos() - start;
            }
        } else if (peerReset != null) {
            ending = Ending.AFTER_PEER_RESET;
            endAt = peerReset.timeNanos() - start;
        } else {
            ending = Ending.STAY_OPEN;
            endAt = lastStepTime(steps, 0);
        }
        endAt = Math.max(0, endAt);
        long hold = Math.max(endAt, r.captureEndNanos() - start);
        long tail = Math.max(0, r.report().endNanos() - start - endAt);
        if (ending == Ending.STAY_OPEN) {
            tail = 0;
        }
        boolean sendsAnything = steps.stream().anyMatch(s -> s.kind() == Step.Kind.SEND || s.kind() == Step.Kind.SHUTDOWN);
        boolean hearsAnything = steps.stream().anyMatch(s -> s.kind() != Step.Kind.SEND && s.kind() != Step.Kind.SHUTDOWN);
        if (handshake == Script.Handshake.ESTABLISHED && !sendsAnything && !hearsAnything && ending == Ending.STAY_OPEN) {
            throw new ReplayException(source + ": the " + played.wire() + " sent no payload, received none and never"
                    + " closed: nothing to replay (expected payload, a FIN or a RST on the connection)");
        }
        long connectTimeout = handshake == Script.Handshake.UNANSWERED
                ? Math.max(MIN_UNANSWERED_CONNECT_NANOS, r.captureEndNanos() - start) : 0;
        return new Script(played, handshake, connectTimeout, steps, ending, endAt, hold, tail, Summary.of(r),
                r.payload(played), r.payload(peer), source, keepAlive);
    }

    /**
     * Whether the analyzer found the client's connect() had given up before the SYN-ACK came
     * (connect ETIMEDOUT although the server answered: its host reset the late SYN-ACK).
     */
    private static boolean connectGaveUp(Recording r) {
        return r.report().outcomes().stream().anyMatch(o -> o.side() == Side.CLIENT
                && o.call() == SocketCall.CONNECT && o.result() == CallResult.ETIMEDOUT);
    }

    /**
     * The client of a connect that gave up: a connect deadline halfway between its last SYN
     * and its host's RST to the late SYN-ACK (which follows the SYN-ACK at once), nothing else.
     */
    private static Script gaveUp(Recording r, String source) {
        long start = r.startNanos();
        long lastSyn = Math.max(0, r.lastSynNanos() - start);
        long reset = r.controls().stream().filter(c -> c.from() == Side.CLIENT && c.reset())
                .mapToLong(c -> c.timeNanos() - start).findFirst().orElse(lastSyn);
        long deadline = lastSyn + Math.max(0, reset - lastSyn) / 2;
        long hold = Math.max(deadline, r.captureEndNanos() - start);
        long tail = Math.max(0, r.report().endNanos() - start - deadline);
        return new Script(Side.CLIENT, Script.Handshake.GAVE_UP, deadline, List.of(), Ending.CONNECT_GAVE_UP, deadline,
                hold, tail, Summary.of(r), r.payload(Side.CLIENT), r.payload(Side.SERVER), source, null);
    }

    /** Drops the steps from {@code from} on (the peer's doings after the played side ended). */
    private static void trimAfter(List<Step> steps, int from) {
        while (steps.size() > from) {
            steps.remove(steps.size() - 1);
        }
    }

    /**
     * The peer's bytes after the played side's last send, before index {@code end}, were never
     * read: their EXPECT steps become AWAIT_UNREAD, so the close finds them unread and resets.
     */
    private static void leaveUnread(List<Step> steps, int end) {
        int unread = 0;
        long firstAt = -1;
        int i = end;
        while (i > 0 && steps.get(i - 1).kind() == Step.Kind.EXPECT) {
            i--;
            unread += steps.get(i).count();
            firstAt = steps.get(i).atNanos();
        }
        if (unread > 0) {
            List<Step> tail = new ArrayList<>(steps.subList(end, steps.size()));
            trimAfter(steps, i);
            steps.add(Step.awaitUnread(firstAt, unread));
            steps.addAll(tail);
        }
    }

    private static long lastStepTime(List<Step> steps, long atLeast) {
        long t = atLeast;
        for (Step s : steps) {
            t = Math.max(t, s.atNanos());
        }
        return t;
    }
}
