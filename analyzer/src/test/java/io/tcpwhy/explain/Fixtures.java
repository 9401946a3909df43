package io.tcpwhy.explain;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.StateChange;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.model.ZeekRecord;
import io.tcpwhy.model.ZeekSummary;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built connection reports, one per diagnosis code, shaped like the seed experiments:
 * the Go server on 10.0.0.5:20003 and its client on 10.0.0.9:56795.
 */
public final class Fixtures {

    public static final String CLIENT = "10.0.0.9:56795";
    public static final String SERVER = "10.0.0.5:20003";
    /** 2019-05-30T16:35:44.255Z, the seed's "new client conn" line. */
    static final long START = 1_559_234_144_255_000_000L;

    private final Endpoint client;
    private final Endpoint server;
    private final List<SegmentEvidence> segments = new ArrayList<>();
    private final List<StateChange> timeline = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Annotation> annotations = new ArrayList<>();
    private long frame;
    private long now = START;
    private long firstFrame = 1;
    private int id = 1;

    private Fixtures(String client, String server) {
        this.client = Endpoint.parse(client);
        this.server = Endpoint.parse(server);
    }

    static Fixtures between(String client, String server) {
        return new Fixtures(client, server);
    }

    Fixtures id(int id) {
        this.id = id;
        return this;
    }

    /** Starts frame numbering after {@code frames} frames of other connections. */
    Fixtures afterFrames(long frames) {
        this.frame = frames;
        this.firstFrame = frames + 1;
        return this;
    }

    Fixtures at(double seconds) {
        now = START + Math.round(seconds * 1e9);
        return this;
    }

    Fixtures seg(Side from, String flags, long seq, long ack, int len) {
        segments.add(new SegmentEvidence(++frame, now, from, flags, seq, ack, len, 65535));
        return this;
    }

    /** {@code side} moved to {@code state} at the last segment. */
    Fixtures state(Side side, TcpState state) {
        timeline.add(new StateChange(side, state, frame, now));
        return this;
    }

    Fixtures outcome(Side side, SocketCall call, CallResult result, String why) {
        outcomes.add(new Outcome(side, call, result, frame, why));
        return this;
    }

    Fixtures annotate(Annotation a) {
        annotations.add(a);
        return this;
    }

    long frame() {
        return frame;
    }

    ConnectionReport build(DiagnosisCode code, Side closedBy, String summary, List<Long> evidence) {
        TcpState cs = last(Side.CLIENT);
        TcpState ss = last(Side.SERVER);
        return new ConnectionReport(id, client, server, false, firstFrame, frame, START,
                segments.isEmpty() ? START : segments.get(segments.size() - 1).timeNanos(), 6, 14, 39,
                new ZeekSummary("SF", "ShADadFf"), List.of(ZeekRecord.of(new ZeekSummary("SF", "ShADadFf"), client, server, START, firstFrame)), cs, ss,
                timeline,
                new Diagnosis(code, closedBy, summary, summary + " (frames " + evidence + ").", evidence),
                annotations, outcomes, segments);
    }

    private TcpState last(Side side) {
        TcpState s = TcpState.UNKNOWN;
        for (StateChange c : timeline) {
            if (c.side() == side) {
                s = c.state();
            }
        }
        return s;
    }

    /** SYN, SYN-ACK, ACK; the client's 14-byte request and the server's 39-byte reply. */
    Fixtures exchange() {
        seg(Side.CLIENT, "S", 0, -1, 0).state(Side.CLIENT, TcpState.SYN_SENT)
                .seg(Side.SERVER, "S.", 0, 1, 0).state(Side.SERVER, TcpState.SYN_RECEIVED)
                .seg(Side.CLIENT, ".", 1, 1, 0).state(Side.CLIENT, TcpState.ESTABLISHED)
                .state(Side.SERVER, TcpState.ESTABLISHED);
        return at(0.014).seg(Side.CLIENT, "P.", 1, 1, 14).seg(Side.SERVER, ".", 1, 15, 0)
                .seg(Side.SERVER, "P.", 1, 15, 39).seg(Side.CLIENT, ".", 15, 40, 0);
    }

    public static ConnectionReport of(DiagnosisCode code) {
        return of(code, CLIENT, SERVER, 1, 0);
    }

    /** The fixture for {@code code} between the given endpoints, its frames after {@code frameOffset}. */
    public static ConnectionReport of(DiagnosisCode code, String client, String server, int id, long frameOffset) {
        Fixtures f = between(client, server).id(id).afterFrames(frameOffset);
        switch (code) {
            case RST_UNREAD_DATA -> {
                f.exchange();
                long reply = f.frame() - 1;
                f.at(1.014).seg(Side.CLIENT, "R.", 15, 40, 0).state(Side.CLIENT, TcpState.CLOSED)
                        .state(Side.SERVER, TcpState.CLOSED)
                        .outcome(Side.SERVER, SocketCall.READ, CallResult.ECONNRESET, "the client's RST arrived");
                return f.build(code, Side.CLIENT, "The client reset the connection with 39 bytes unread.",
                        List.of(reply, f.frame()));
            }
            case RST_AFTER_CLOSE -> {
                f.exchange();
                f.at(0.1).seg(Side.CLIENT, "F.", 15, 40, 0).state(Side.CLIENT, TcpState.FIN_WAIT_1)
                        .state(Side.SERVER, TcpState.CLOSE_WAIT)
                        .outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, "the client's FIN arrived");
                long fin = f.frame();
                f.seg(Side.SERVER, ".", 40, 16, 0).state(Side.CLIENT, TcpState.FIN_WAIT_2)
                        .at(5.1).seg(Side.SERVER, "P.", 40, 16, 1024)
                        .seg(Side.CLIENT, "R", 16, -1, 0).state(Side.CLIENT, TcpState.CLOSED)
                        .state(Side.SERVER, TcpState.CLOSED)
                        .outcome(Side.SERVER, SocketCall.WRITE, CallResult.EPIPE, "the client's RST arrived");
                return f.build(code, Side.CLIENT, "The client closed, then reset the server's late data.",
                        List.of(fin, f.frame() - 1, f.frame()));
            }
            case RST_ABORT -> {
                f.exchange();
                f.at(2.5).seg(Side.CLIENT, "R.", 15, 40, 0).state(Side.CLIENT, TcpState.CLOSED)
                        .state(Side.SERVER, TcpState.CLOSED)
                        .outcome(Side.SERVER, SocketCall.READ, CallResult.ECONNRESET, "the client's RST arrived");
                return f.build(code, Side.CLIENT, "The client aborted the connection.", List.of(f.frame()));
            }
            case REFUSED -> {
                f.seg(Side.CLIENT, "S", 0, -1, 0).state(Side.CLIENT, TcpState.SYN_SENT)
                        .seg(Side.SERVER, "R.", 0, 1, 0).state(Side.CLIENT, TcpState.CLOSED)
                        .outcome(Side.CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, "RST answered the SYN");
                return f.build(code, Side.SERVER, "Nothing listened on the server's port.", List.of(f.frame()));
            }
            case SYN_UNANSWERED -> {
                f.seg(Side.CLIENT, "S", 0, -1, 0).state(Side.CLIENT, TcpState.SYN_SENT)
                        .at(1).seg(Side.CLIENT, "S", 0, -1, 0).at(3).seg(Side.CLIENT, "S", 0, -1, 0)
                        .outcome(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, "no SYN-ACK came");
                return f.build(code, null, "The SYN was never answered.", List.of(1L + frameOffset, f.frame()));
            }
            case HANDSHAKE_INCOMPLETE -> {
                f.seg(Side.CLIENT, "S", 0, -1, 0).state(Side.CLIENT, TcpState.SYN_SENT)
                        .seg(Side.SERVER, "S.", 0, 1, 0).state(Side.SERVER, TcpState.SYN_RECEIVED)
                        .at(1).seg(Side.SERVER, "S.", 0, 1, 0);
                return f.build(code, null, "The handshake never completed.", List.of(f.frame()));
            }
            case CLOSE_WAIT -> {
                f.exchange();
                f.at(1.0).seg(Side.CLIENT, "F.", 15, 40, 0).state(Side.CLIENT, TcpState.FIN_WAIT_1)
                        .state(Side.SERVER, TcpState.CLOSE_WAIT)
                        .outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, "the client's FIN arrived")
                        .seg(Side.SERVER, ".", 40, 16, 0).state(Side.CLIENT, TcpState.FIN_WAIT_2);
                return f.build(code, Side.CLIENT, "The server never closed after the client's FIN.",
                        List.of(f.frame() - 1, f.frame()));
            }
            case ORDERLY, HALF_CLOSE -> {
                f.exchange();
                f.at(1.0).seg(Side.CLIENT, "F.", 15, 40, 0).state(Side.CLIENT, TcpState.FIN_WAIT_1)
                        .state(Side.SERVER, TcpState.CLOSE_WAIT)
                        .outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, "the client's FIN arrived")
                        .seg(Side.SERVER, "F.", 40, 16, 0).state(Side.SERVER, TcpState.LAST_ACK)
                        .state(Side.CLIENT, TcpState.TIME_WAIT)
                        .outcome(Side.CLIENT, SocketCall.READ, CallResult.EOF, "the server's FIN arrived")
                        .seg(Side.CLIENT, ".", 16, 41, 0).state(Side.SERVER, TcpState.CLOSED);
                return f.build(code, Side.CLIENT, "Both sides closed in order.", List.of(f.frame() - 2, f.frame() - 1));
            }
            case OPEN -> {
                f.exchange();
                return f.build(code, null, "Still open when the capture ended.", List.of());
            }
            case STALE_POOLED_CONNECTION -> {
                f.exchange();
                f.at(5.014).seg(Side.SERVER, "F.", 40, 15, 0).state(Side.SERVER, TcpState.FIN_WAIT_1)
                        .state(Side.CLIENT, TcpState.CLOSE_WAIT)
                        .outcome(Side.CLIENT, SocketCall.READ, CallResult.EOF, "the server's FIN arrived");
                long fin = f.frame();
                f.seg(Side.CLIENT, "P.", 15, 41, 14).seg(Side.SERVER, "R", 41, -1, 0)
                        .state(Side.CLIENT, TcpState.CLOSED).state(Side.SERVER, TcpState.CLOSED)
                        .outcome(Side.CLIENT, SocketCall.READ, CallResult.ECONNRESET, "the server's RST arrived");
                return f.build(code, Side.SERVER, "The client reused a pooled connection the server had closed.",
                        List.of(fin, f.frame() - 1, f.frame()));
            }
            case IDLE_FORGOTTEN -> {
                f.exchange();
                f.at(400.014).seg(Side.CLIENT, "P.", 15, 40, 14).seg(Side.SERVER, "R", 40, -1, 0)
                        .state(Side.CLIENT, TcpState.CLOSED)
                        .outcome(Side.CLIENT, SocketCall.READ, CallResult.ECONNRESET, "a RST answered after 400 s idle");
                return f.build(code, Side.SERVER, "After 400 s idle the connection was forgotten.",
                        List.of(f.frame() - 1, f.frame()));
            }
            case PEER_UNREACHABLE -> {
                f.exchange();
                f.at(1.014).seg(Side.CLIENT, "P.", 15, 40, 14).at(1.214).seg(Side.CLIENT, "P.", 15, 40, 14)
                        .at(1.614).seg(Side.CLIENT, "P.", 15, 40, 14).at(17.0).seg(Side.CLIENT, "P.", 15, 40, 14)
                        .outcome(Side.CLIENT, SocketCall.READ, CallResult.ETIMEDOUT, "retransmissions went unanswered")
                        .state(Side.CLIENT, TcpState.CLOSED);
                return f.build(code, null, "The server stopped answering.", List.of(f.frame() - 3, f.frame()));
            }
            case SERVER_GAVE_UP -> {
                f.seg(Side.CLIENT, "S", 0, -1, 0).state(Side.CLIENT, TcpState.SYN_SENT)
                        .seg(Side.SERVER, "S.", 0, 1, 0).seg(Side.CLIENT, ".", 1, 1, 0)
                        .state(Side.CLIENT, TcpState.ESTABLISHED).state(Side.SERVER, TcpState.ESTABLISHED)
                        .at(0.014).seg(Side.CLIENT, "P.", 1, 1, 14).seg(Side.SERVER, ".", 1, 15, 0)
                        .at(30.014).seg(Side.SERVER, "F.", 1, 15, 0).state(Side.SERVER, TcpState.FIN_WAIT_1)
                        .state(Side.CLIENT, TcpState.CLOSE_WAIT)
                        .outcome(Side.CLIENT, SocketCall.READ, CallResult.EOF, "the server's FIN arrived");
                return f.build(code, Side.SERVER, "The server closed with the request unanswered.",
                        List.of(4L + frameOffset, f.frame()));
            }
            case ACCEPT_QUEUE_OVERFLOW -> {
                f.seg(Side.CLIENT, "S", 0, -1, 0).state(Side.CLIENT, TcpState.SYN_SENT)
                        .seg(Side.SERVER, "S.", 0, 1, 0).state(Side.SERVER, TcpState.SYN_RECEIVED)
                        .seg(Side.CLIENT, ".", 1, 1, 0).state(Side.CLIENT, TcpState.ESTABLISHED)
                        .at(0.014).seg(Side.CLIENT, "P.", 1, 1, 14).at(1.0).seg(Side.SERVER, "S.", 0, 1, 0)
                        .seg(Side.CLIENT, ".", 15, 1, 0);
                return f.build(code, null, "The final ACK met a full accept queue.", List.of(3L + frameOffset,
                        f.frame() - 1));
            }
            default -> {
                f.at(0.5).seg(Side.CLIENT, "P.", -1, -1, 10).seg(Side.SERVER, ".", -1, -1, 0);
                return f.annotate(new Annotation.NoHandshake())
                        .build(DiagnosisCode.UNKNOWN, null, "Too little was seen.", List.of());
            }
        }
    }
}
