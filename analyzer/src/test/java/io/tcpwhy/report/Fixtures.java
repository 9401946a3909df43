package io.tcpwhy.report;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.InputReport;
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
 * Hand-built reports for renderer tests: one plausible connection per diagnosis code,
 * shaped like what the analyzer reports (a client at 10.0.0.1:40000, a server at
 * 10.0.0.2:80, frames from 1, capture time 2023-11-14T22:13:20Z plus seconds).
 */
final class Fixtures {

    static final long T0 = 1_700_000_000_000_000_000L;
    static final Endpoint CLIENT = Endpoint.parse("10.0.0.1:40000");
    static final Endpoint SERVER = Endpoint.parse("10.0.0.2:80");

    private Fixtures() {
    }

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1e9);
    }

    static InputReport input(String path) {
        return new InputReport(path, "pcap", List.of("EN10MB"), 12, 10, 2, 0, 0, true, null);
    }

    static InputReport incomplete(String path, String error) {
        return new InputReport(path, "pcapng", List.of("EN10MB", "LINUX_SLL2"), 7, 7, 0, 1, 0, false, error);
    }

    /** The connection tcpwhy would report for {@code code}, id {@code id}. */
    static ConnectionReport connection(int id, DiagnosisCode code) {
        return switch (code) {
            case ORDERLY -> orderly(id);
            case RST_UNREAD_DATA -> rstUnreadData(id);
            case RST_AFTER_CLOSE -> rstAfterClose(id);
            case REFUSED -> refused(id);
            case SYN_UNANSWERED -> synUnanswered(id);
            default -> generic(id, code);
        };
    }

    static ConnectionReport orderly(int id) {
        return new Builder(id, DiagnosisCode.ORDERLY, Side.CLIENT)
                .segment(1, 0.0, Side.CLIENT, "S", 0, -1, 0)
                .segment(2, 0.001, Side.SERVER, "S.", 0, 1, 0)
                .segment(3, 0.002, Side.CLIENT, ".", 1, 1, 0)
                .segment(4, 0.010, Side.CLIENT, "P.", 1, 1, 100)
                .segment(5, 0.011, Side.SERVER, "P.", 1, 101, 200)
                .segment(6, 1.0, Side.CLIENT, "F.", 101, 201, 0)
                .segment(7, 1.001, Side.SERVER, "F.", 201, 102, 0)
                .segment(8, 1.002, Side.CLIENT, ".", 102, 202, 0)
                .change(Side.CLIENT, TcpState.SYN_SENT, 1).change(Side.SERVER, TcpState.SYN_RECEIVED, 2)
                .change(Side.CLIENT, TcpState.ESTABLISHED, 2).change(Side.SERVER, TcpState.ESTABLISHED, 3)
                .change(Side.CLIENT, TcpState.FIN_WAIT_1, 6).change(Side.SERVER, TcpState.CLOSE_WAIT, 6)
                .change(Side.SERVER, TcpState.LAST_ACK, 7).change(Side.CLIENT, TcpState.TIME_WAIT, 7)
                .change(Side.SERVER, TcpState.CLOSED, 8)
                .outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, "the client's FIN arrived")
                .bytes(100, 200).zeek("SF", "ShADadFf").states(TcpState.TIME_WAIT, TcpState.CLOSED)
                .frames(6, 7, 8).build();
    }

    static ConnectionReport rstUnreadData(int id) {
        return new Builder(id, DiagnosisCode.RST_UNREAD_DATA, Side.SERVER)
                .segment(1, 0.0, Side.CLIENT, "S", 0, -1, 0)
                .segment(2, 0.001, Side.SERVER, "S.", 0, 1, 0)
                .segment(3, 0.002, Side.CLIENT, ".", 1, 1, 0)
                .segment(4, 0.010, Side.CLIENT, "P.", 1, 1, 100)
                .segment(5, 0.011, Side.SERVER, ".", 1, 101, 0)
                .segment(6, 30.011, Side.SERVER, "R.", 1, 101, 0)
                .change(Side.CLIENT, TcpState.SYN_SENT, 1).change(Side.CLIENT, TcpState.ESTABLISHED, 2)
                .change(Side.SERVER, TcpState.ESTABLISHED, 3).change(Side.SERVER, TcpState.CLOSED, 6)
                .change(Side.CLIENT, TcpState.CLOSED, 6)
                .annotation(new Annotation.IdleBeforeClose(Side.SERVER, 30.0, false))
                .outcome(Side.CLIENT, SocketCall.READ, CallResult.ECONNRESET, 6, "the server's RST arrived")
                .bytes(100, 0).zeek("RSTR", "ShADar").states(TcpState.CLOSED, TcpState.CLOSED)
                .frames(4, 5, 6).build();
    }

    static ConnectionReport rstAfterClose(int id) {
        return new Builder(id, DiagnosisCode.RST_AFTER_CLOSE, Side.CLIENT)
                .segment(1, 0.0, Side.CLIENT, "S", 0, -1, 0)
                .segment(2, 0.001, Side.SERVER, "S.", 0, 1, 0)
                .segment(3, 0.002, Side.CLIENT, ".", 1, 1, 0)
                .segment(4, 0.5, Side.CLIENT, "F.", 1, 1, 0)
                .segment(5, 0.501, Side.SERVER, ".", 1, 2, 0)
                .segment(6, 5.0, Side.SERVER, "P.", 1, 2, 1024)
                .segment(7, 5.001, Side.CLIENT, "R", 2, -1, 0)
                .change(Side.CLIENT, TcpState.SYN_SENT, 1).change(Side.CLIENT, TcpState.ESTABLISHED, 2)
                .change(Side.SERVER, TcpState.ESTABLISHED, 3).change(Side.CLIENT, TcpState.FIN_WAIT_1, 4)
                .change(Side.SERVER, TcpState.CLOSE_WAIT, 4).change(Side.CLIENT, TcpState.FIN_WAIT_2, 5)
                .change(Side.CLIENT, TcpState.CLOSED, 7).change(Side.SERVER, TcpState.CLOSED, 7)
                .annotation(new Annotation.CloseWaitHeld(Side.SERVER, 4.5))
                .annotation(new Annotation.Retransmitted(Side.CLIENT, "FIN"))
                .outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, 4, "the client's FIN arrived")
                .outcome(Side.SERVER, SocketCall.WRITE, CallResult.OK, 6, "the data went into the send buffer")
                .outcome(Side.SERVER, SocketCall.WRITE, CallResult.EPIPE, 7, "the client's RST arrived")
                .bytes(0, 1024).zeek("RSTO", "ShAFadR").states(TcpState.CLOSED, TcpState.CLOSED)
                .frames(4, 6, 7).build();
    }

    static ConnectionReport refused(int id) {
        return new Builder(id, DiagnosisCode.REFUSED, Side.SERVER)
                .segment(1, 0.0, Side.CLIENT, "S", 0, -1, 0)
                .segment(2, 0.0001, Side.SERVER, "R.", 0, 1, 0)
                .change(Side.CLIENT, TcpState.SYN_SENT, 1).change(Side.CLIENT, TcpState.CLOSED, 2)
                .outcome(Side.CLIENT, SocketCall.CONNECT, CallResult.ECONNREFUSED, 2, "the SYN was answered with RST")
                .zeek("REJ", "Sr").states(TcpState.CLOSED, TcpState.CLOSED).frames(1, 2).build();
    }

    static ConnectionReport synUnanswered(int id) {
        return new Builder(id, DiagnosisCode.SYN_UNANSWERED, null)
                .segment(1, 0.0, Side.CLIENT, "S", 0, -1, 0)
                .segment(2, 1.0, Side.CLIENT, "S", 0, -1, 0)
                .segment(3, 3.0, Side.CLIENT, "S", 0, -1, 0)
                .change(Side.CLIENT, TcpState.SYN_SENT, 1)
                .annotation(new Annotation.Retransmitted(Side.CLIENT, "SYN"))
                .outcome(Side.CLIENT, SocketCall.CONNECT, CallResult.ETIMEDOUT, 3, "no SYN-ACK ever came")
                .zeek("S0", "S").states(TcpState.SYN_SENT, TcpState.UNKNOWN).frames(1, 2, 3).build();
    }

    /** Any other code: a mid-stream connection with one of each remaining annotation. */
    static ConnectionReport generic(int id, DiagnosisCode code) {
        Side closedBy = code == DiagnosisCode.OPEN || code == DiagnosisCode.UNKNOWN
                || code == DiagnosisCode.HANDSHAKE_INCOMPLETE ? null : Side.SERVER;
        return new Builder(id, code, closedBy)
                .rolesInferred()
                .segment(1, 0.0, Side.CLIENT, "P.", -1, -1, 10)
                .segment(2, 0.5, Side.SERVER, ".", -1, -1, 0)
                .annotation(new Annotation.NoHandshake())
                .annotation(new Annotation.PortReuse())
                .annotation(new Annotation.ZeroWindow(Side.SERVER))
                .annotation(new Annotation.RstOutOfWindow(Side.CLIENT))
                .outcome(Side.CLIENT, SocketCall.WRITE, CallResult.ECONNRESET, 2, "a RST arrived before the write")
                .bytes(10, 0).zeek("OTH", "Da").states(TcpState.ESTABLISHED, TcpState.UNKNOWN)
                .frames(1, 2).build();
    }

    static final class Builder {
        private final int id;
        private final DiagnosisCode code;
        private final Side closedBy;
        private boolean rolesInferred;
        private final List<SegmentEvidence> segments = new ArrayList<>();
        private final List<StateChange> timeline = new ArrayList<>();
        private final List<Annotation> annotations = new ArrayList<>();
        private final List<Outcome> outcomes = new ArrayList<>();
        private final List<Long> frames = new ArrayList<>();
        private long clientBytes;
        private long serverBytes;
        private ZeekSummary zeek = new ZeekSummary("OTH", "");
        private TcpState clientState = TcpState.UNKNOWN;
        private TcpState serverState = TcpState.UNKNOWN;
        private int digits = 6;

        Builder(int id, DiagnosisCode code, Side closedBy) {
            this.id = id;
            this.code = code;
            this.closedBy = closedBy;
        }

        Builder rolesInferred() {
            rolesInferred = true;
            return this;
        }

        Builder digits(int d) {
            digits = d;
            return this;
        }

        Builder segment(long frame, double seconds, Side from, String flags, long seq, long ack, int len) {
            segments.add(new SegmentEvidence(frame, at(seconds), from, flags, seq, ack, len, 65535));
            return this;
        }

        Builder change(Side side, TcpState state, long frame) {
            timeline.add(new StateChange(side, state, frame, timeOf(frame)));
            return this;
        }

        Builder annotation(Annotation a) {
            annotations.add(a);
            return this;
        }

        Builder outcome(Side side, SocketCall call, CallResult result, long frame, String why) {
            outcomes.add(new Outcome(side, call, result, frame, why));
            return this;
        }

        Builder bytes(long client, long server) {
            clientBytes = client;
            serverBytes = server;
            return this;
        }

        Builder zeek(String state, String history) {
            zeek = new ZeekSummary(state, history);
            return this;
        }

        Builder states(TcpState client, TcpState server) {
            clientState = client;
            serverState = server;
            return this;
        }

        Builder frames(long... evidence) {
            for (long f : evidence) {
                frames.add(f);
            }
            return this;
        }

        private long timeOf(long frame) {
            for (SegmentEvidence s : segments) {
                if (s.frame() == frame) {
                    return s.timeNanos();
                }
            }
            throw new IllegalStateException("fixture has no segment in frame " + frame);
        }

        ConnectionReport build() {
            SegmentEvidence first = segments.get(0);
            SegmentEvidence last = segments.get(segments.size() - 1);
            Diagnosis d = new Diagnosis(code, closedBy, "Summary of " + code + ".",
                    "Detail of " + code + ", citing frames " + frames + ".", frames);
            return new ConnectionReport(id, Fixtures.CLIENT, Fixtures.SERVER, rolesInferred, first.frame(), last.frame(),
                    first.timeNanos(), last.timeNanos(), digits, clientBytes, serverBytes, zeek,
                    List.of(ZeekRecord.of(zeek, Fixtures.CLIENT, Fixtures.SERVER, first.timeNanos(), first.frame())),
                    clientState, serverState,
                    timeline, d, annotations, outcomes, segments);
        }
    }
}
