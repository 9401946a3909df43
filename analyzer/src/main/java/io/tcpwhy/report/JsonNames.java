package io.tcpwhy.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import io.tcpwhy.model.TcpState;
import java.util.function.Function;

/**
 * The CONNECTION object's field names and enum values, quoted and encoded once
 * ({@link SerializedString} keeps the UTF-8 bytes and the escaped chars) instead of for
 * every connection: checking and encoding these short strings again and again was about
 * a tenth of the JSON output's CPU on a big capture (issue 12).
 */
final class JsonNames {

    static final SerializableString ID = name("id");
    static final SerializableString CLIENT = name("client");
    static final SerializableString SERVER = name("server");
    static final SerializableString ROLES_INFERRED = name("roles_inferred");
    static final SerializableString FIRST_FRAME = name("first_frame");
    static final SerializableString LAST_FRAME = name("last_frame");
    static final SerializableString START = name("start");
    static final SerializableString END = name("end");
    static final SerializableString BYTES = name("bytes");
    static final SerializableString ZEEK = name("zeek");
    static final SerializableString CONN_STATE = name("conn_state");
    static final SerializableString HISTORY = name("history");
    static final SerializableString ZEEK_RECORDS = name("zeek_records");
    static final SerializableString STATES = name("states");
    static final SerializableString TIMELINE = name("timeline");
    static final SerializableString SIDE = name("side");
    static final SerializableString STATE = name("state");
    static final SerializableString FRAME = name("frame");
    static final SerializableString TIME = name("time");
    static final SerializableString DIAGNOSIS = name("diagnosis");
    static final SerializableString CODE = name("code");
    static final SerializableString CLOSED_BY = name("closed_by");
    static final SerializableString SUMMARY = name("summary");
    static final SerializableString DETAIL = name("detail");
    static final SerializableString FRAMES = name("frames");
    static final SerializableString ANNOTATIONS = name("annotations");
    static final SerializableString OUTCOMES = name("outcomes");
    static final SerializableString CALL = name("call");
    static final SerializableString RESULT = name("result");
    static final SerializableString WHY = name("why");
    static final SerializableString SEGMENTS = name("segments");
    static final SerializableString FLAGS = name("flags");
    static final SerializableString SEQ = name("seq");
    static final SerializableString ACK = name("ack");
    static final SerializableString LEN = name("len");
    static final SerializableString WIN = name("win");
    static final SerializableString TUNNEL = name("tunnel");

    private static final SerializableString[] SIDES = values(Side.values(), Side::wire);
    private static final SerializableString[] STATES_WIRE = values(TcpState.values(), TcpState::wire);
    private static final SerializableString[] CALLS = values(SocketCall.values(), SocketCall::wire);
    private static final SerializableString[] RESULTS = values(CallResult.values(), CallResult::name);
    private static final SerializableString[] DIAGNOSES = values(DiagnosisCode.values(), DiagnosisCode::name);
    private static final SerializableString[] ANNOTATION_CODES = values(AnnotationCode.values(), AnnotationCode::name);

    private JsonNames() {
    }

    static SerializableString of(Side side) {
        return SIDES[side.ordinal()];
    }

    static SerializableString of(TcpState state) {
        return STATES_WIRE[state.ordinal()];
    }

    static SerializableString of(SocketCall call) {
        return CALLS[call.ordinal()];
    }

    static SerializableString of(CallResult result) {
        return RESULTS[result.ordinal()];
    }

    static SerializableString of(DiagnosisCode code) {
        return DIAGNOSES[code.ordinal()];
    }

    static SerializableString of(AnnotationCode code) {
        return ANNOTATION_CODES[code.ordinal()];
    }

    private static SerializableString name(String text) {
        return new SerializedString(text);
    }

    private static <E extends Enum<E>> SerializableString[] values(E[] constants, Function<E, String> wire) {
        SerializableString[] out = new SerializableString[constants.length];
        for (E e : constants) {
            out[e.ordinal()] = new SerializedString(wire.apply(e));
        }
        return out;
    }
}
