package io.tcpwhy.bench;

import static io.tcpwhy.decode.TcpSegment.ACK;
import static io.tcpwhy.decode.TcpSegment.FIN;
import static io.tcpwhy.decode.TcpSegment.PSH;
import static io.tcpwhy.decode.TcpSegment.RST;
import static io.tcpwhy.decode.TcpSegment.SYN;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a synthetic connection ends, so that a benchmark exercises every diagnosis path
 * rather than only the orderly one. Each style is a fixed script of segments.
 */
public enum CloseStyle {
    /** SYN, SYN-ACK, ACK, request, ACK, reply, FIN, ACK, FIN, ACK: ORDERLY. */
    ORDERLY("orderly", new Step[] {
        c(SYN, 0, 0, 0), s(SYN | ACK, 0, 1, 0), c(ACK, 1, 1, 0), c(PSH | ACK, 1, 1, Step.REQUEST),
        s(ACK, 1, 1 + Step.REQUEST, 0), s(PSH | ACK, 1, 1 + Step.REQUEST, Step.REPLY),
        c(FIN | ACK, 1 + Step.REQUEST, 1 + Step.REPLY, 0), s(ACK, 1 + Step.REPLY, 2 + Step.REQUEST, 0),
        s(FIN | ACK, 1 + Step.REPLY, 2 + Step.REQUEST, 0), c(ACK, 2 + Step.REQUEST, 2 + Step.REPLY, 0)}),
    /** Handshake, request, reply, then the client resets instead of closing: an abortive close. */
    RESET("reset", new Step[] {
        c(SYN, 0, 0, 0), s(SYN | ACK, 0, 1, 0), c(ACK, 1, 1, 0), c(PSH | ACK, 1, 1, Step.REQUEST),
        s(PSH | ACK, 1, 1 + Step.REQUEST, Step.REPLY), c(RST | ACK, 1 + Step.REQUEST, 1 + Step.REPLY, 0)}),
    /** SYN answered by RST-ACK: REFUSED. */
    REFUSED("refused", new Step[] {c(SYN, 0, 0, 0), s(RST | ACK, 0, 1, 0)}),
    /** SYN sent three times, never answered: SYN_UNANSWERED. */
    UNANSWERED("unanswered", new Step[] {c(SYN, 0, 0, 0), c(SYN, 0, 0, 0), c(SYN, 0, 0, 0)}),
    /** The client closes, the server acknowledges and never closes: CLOSE_WAIT at the end of the capture. */
    CLOSE_WAIT("close-wait", new Step[] {
        c(SYN, 0, 0, 0), s(SYN | ACK, 0, 1, 0), c(ACK, 1, 1, 0), c(PSH | ACK, 1, 1, Step.REQUEST),
        s(PSH | ACK, 1, 1 + Step.REQUEST, Step.REPLY), c(FIN | ACK, 1 + Step.REQUEST, 1 + Step.REPLY, 0),
        s(ACK, 1 + Step.REPLY, 2 + Step.REQUEST, 0)});

    private final String wire;
    private final Step[] steps;

    CloseStyle(String wire, Step[] steps) {
        this.wire = wire;
        this.steps = steps;
    }

    public String wire() {
        return wire;
    }

    int frames() {
        return steps.length;
    }

    Step step(int i) {
        return steps[i];
    }

    /** Parses {@code orderly,reset,...}; {@code all} for every style. */
    public static List<CloseStyle> parseList(String text) {
        if (text.strip().equals("all")) {
            return List.of(values());
        }
        List<CloseStyle> styles = new ArrayList<>();
        for (String name : text.split(",")) {
            styles.add(fromWire(name.strip()));
        }
        return List.copyOf(styles);
    }

    static CloseStyle fromWire(String wire) {
        for (CloseStyle s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown close style '" + wire + "' (expected all, or some of: "
                + Arrays.stream(values()).map(CloseStyle::wire).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * One segment of a script.
     *
     * @param seq     offset from the sender's ISN
     * @param ack     offset from the receiver's ISN (ignored without ACK)
     * @param payload payload bytes
     */
    record Step(boolean fromClient, int flags, long seq, long ack, int payload) {
        static final int REQUEST = 120;
        static final int REPLY = 400;
    }

    private static Step c(int flags, long seq, long ack, int payload) {
        return new Step(true, flags, seq, ack, payload);
    }

    private static Step s(int flags, long seq, long ack, int payload) {
        return new Step(false, flags, seq, ack, payload);
    }
}
