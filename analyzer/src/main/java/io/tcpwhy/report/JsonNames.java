package io.tcpwhy.report;

import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.report.JsonBytes.Quoted;
import java.util.function.Function;

/**
 * The JSON report's field names and enum values, quoted and encoded once
 * ({@link Quoted} keeps the UTF-8 bytes) instead of for every connection: checking and
 * encoding these short strings again and again was about a tenth of the JSON output's CPU
 * on a big capture (issue 12).
 */
final class JsonNames {

    static final Quoted ID = name("id");
    static final Quoted CLIENT = name("client");
    static final Quoted SERVER = name("server");
    static final Quoted ROLES_INFERRED = name("roles_inferred");
    static final Quoted FIRST_FRAME = name("first_frame");
    static final Quoted LAST_FRAME = name("last_frame");
    static final Quoted START = name("start");
    static final Quoted END = name("end");
    static final Quoted BYTES = name("bytes");
    static final Quoted ZEEK = name("zeek");
    static final Quoted CONN_STATE = name("conn_state");
    static final Quoted HISTORY = name("history");
    static final Quoted ZEEK_RECORDS = name("zeek_records");
    static final Quoted STATES = name("states");
    static final Quoted TIMELINE = name("timeline");
    static final Quoted SIDE = name("side");
    static final Quoted STATE = name("state");
    static final Quoted FRAME = name("frame");
    static final Quoted TIME = name("time");
    static final Quoted DIAGNOSIS = name("diagnosis");
    static final Quoted CODE = name("code");
    static final Quoted CLOSED_BY = name("closed_by");
    static final Quoted SUMMARY = name("summary");
    static final Quoted DETAIL = name("detail");
    static final Quoted FRAMES = name("frames");
    static final Quoted ANNOTATIONS = name("annotations");
    static final Quoted OUTCOMES = name("outcomes");
    static final Quoted CALL = name("call");
    static final Quoted RESULT = name("result");
    static final Quoted WHY = name("why");
    static final Quoted SEGMENTS = name("segments");
    static final Quoted FLAGS = name("flags");
    static final Quoted SEQ = name("seq");
    static final Quoted ACK = name("ack");
    static final Quoted LEN = name("len");
    static final Quoted WIN = name("win");
    static final Quoted TUNNEL = name("tunnel");
    static final Quoted TYPE = name("type");
    static final Quoted SOURCE = name("source");
    static final Quoted DESTINATION = name("destination");
    static final Quoted ENCLOSING = name("enclosing");
    static final Quoted IDLE_S = name("idle_s");
    static final Quoted AWAITING_REPLY = name("awaiting_reply");
    static final Quoted SECONDS = name("seconds");
    static final Quoted FLAG = name("flag");
    static final Quoted EVIDENCE = name("evidence");
    static final Quoted ENDED_AT_FRAME = name("ended_at_frame");
    static final Quoted CAP = name("cap");

    // The document around the connections, and its INPUT entries.
    static final Quoted CONNECTIONS = name("connections");
    static final Quoted INPUT = name("input");
    static final Quoted PATH = name("path");
    static final Quoted FORMAT = name("format");
    static final Quoted LINK_TYPES = name("link_types");
    static final Quoted TCP_FRAMES = name("tcp_frames");
    static final Quoted SKIPPED = name("skipped");
    static final Quoted NON_TCP = name("non_tcp");
    static final Quoted MALFORMED = name("malformed");
    static final Quoted TRUNCATED = name("truncated");
    static final Quoted COMPLETE = name("complete");
    static final Quoted ERROR = name("error");

    private static final Quoted[] SIDES = values(Side.values(), Side::wire);
    private static final Quoted[] STATES_WIRE = values(TcpState.values(), TcpState::wire);
    private static final Quoted[] CALLS = values(SocketCall.values(), SocketCall::wire);
    private static final Quoted[] RESULTS = values(CallResult.values(), CallResult::name);
    private static final Quoted[] DIAGNOSES = values(DiagnosisCode.values(), DiagnosisCode::name);
    private static final Quoted[] ANNOTATION_CODES = values(AnnotationCode.values(), AnnotationCode::name);

    private JsonNames() {
    }

    static Quoted of(Side side) {
        return SIDES[side.ordinal()];
    }

    static Quoted of(TcpState state) {
        return STATES_WIRE[state.ordinal()];
    }

    static Quoted of(SocketCall call) {
        return CALLS[call.ordinal()];
    }

    static Quoted of(CallResult result) {
        return RESULTS[result.ordinal()];
    }

    static Quoted of(DiagnosisCode code) {
        return DIAGNOSES[code.ordinal()];
    }

    static Quoted of(AnnotationCode code) {
        return ANNOTATION_CODES[code.ordinal()];
    }

    private static Quoted name(String text) {
        return new Quoted(text);
    }

    private static <E extends Enum<E>> Quoted[] values(E[] constants, Function<E, String> wire) {
        Quoted[] out = new Quoted[constants.length];
        for (E e : constants) {
            out[e.ordinal()] = new Quoted(wire.apply(e));
        }
        return out;
    }
}
