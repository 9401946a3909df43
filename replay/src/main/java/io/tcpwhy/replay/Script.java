package io.tcpwhy.replay;

import io.tcpwhy.model.Side;
import java.util.List;
import java.util.Locale;

/**
 * What the played side of a recorded connection does, built from the capture
 * ({@link ScriptBuilder}) or read from a script file ({@link ScriptFile}).
 *
 * @param played             the side the replay plays: the client connects, the server accepts
 * @param handshake          how the recorded handshake went
 * @param connectTimeoutNanos how long the client's connect waits (for an unanswered SYN: as long as the recorded client waited;
 *                           for one that gave up: until between its last SYN and the late SYN-ACK)
 * @param steps              the played side's sends, waits and half-close, in order
 * @param ending             how the played side ends
 * @param endAtNanos         when the recorded side ended, from the connection's start
 * @param holdNanos          for {@link Ending#STAY_OPEN}: how long the recorded side stayed open, from the start
 * @param tailNanos          how long the recording watched the connection after the played side's ending
 * @param original           how the recorded connection ended
 * @param playedPayload      everything the recorded played side sent
 * @param peerPayload        everything the recorded peer sent
 * @param source             where it came from, e.g. "orderly_close.pcap connection 1 (127.0.0.1:40000-127.0.0.1:8080)"
 * @param keepAlive          the keep-alive the recorded side had on (its probes are in the capture), or null
 */
public record Script(Side played, Handshake handshake, long connectTimeoutNanos, List<Step> steps, Ending ending,
                     long endAtNanos, long holdNanos, long tailNanos, Summary original, byte[] playedPayload,
                     byte[] peerPayload, String source, KeepAlive keepAlive) {

    /** How the recorded client's connect went, by its name in the script file. */
    public enum Handshake {
        ESTABLISHED("established"), REFUSED("refused"), UNANSWERED("unanswered"),
        /**
         * The server answered, but the client's connect() had given up first: its host answered
         * the late SYN-ACK with RST (no socket). Replayed as a connect with a deadline before it.
         */
        GAVE_UP("gave_up");

        private final String wire;

        Handshake(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Handshake fromWire(String wire) throws ReplayException {
            for (Handshake h : values()) {
                if (h.wire.equals(wire)) {
                    return h;
                }
            }
            throw new ReplayException("unknown handshake '" + wire + "' (expected established, refused, unanswered or"
                    + " gave_up)");
        }
    }

    public Script {
        steps = List.copyOf(steps);
        playedPayload = playedPayload.clone();
        peerPayload = peerPayload.clone();
    }

    @Override
    public byte[] playedPayload() {
        return playedPayload.clone();
    }

    @Override
    public byte[] peerPayload() {
        return peerPayload.clone();
    }

    /** Whether the first bytes the client sends open a TLS handshake record (RFC 8446 §5.1: type 22, version 3.x). */
    boolean startsWithTls() {
        byte[] clientBytes = played == Side.CLIENT ? playedPayload : peerPayload;
        return clientBytes.length >= 3 && clientBytes[0] == TLS_HANDSHAKE_RECORD && clientBytes[1] == TLS_MAJOR_VERSION;
    }

    private static final byte TLS_HANDSHAKE_RECORD = 22;
    private static final byte TLS_MAJOR_VERSION = 3;

    /** The --dry-run listing: the steps with byte counts and times, the ending. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("replay of ").append(source).append(" as the ").append(played.wire()).append('\n');
        text.append(String.format(Locale.ROOT, "%10.3f s  ", 0.0)).append(played == Side.CLIENT ? "connect" : "accept")
                .append(handshake == Handshake.ESTABLISHED ? "" : " (recorded: " + handshake.wire() + ")").append('\n');
        if (keepAlive != null) {
            text.append(String.format(Locale.ROOT, "%10.3f s  ", 0.0)).append(keepAlive.describe()).append('\n');
        }
        for (Step s : steps) {
            text.append(s.describe()).append('\n');
        }
        text.append(String.format(Locale.ROOT, "%10.3f s  ", endAtNanos / 1e9)).append(ending.describe());
        if (ending == Ending.STAY_OPEN) {
            text.append(String.format(Locale.ROOT, " until %.3f s", holdNanos / 1e9));
        }
        text.append('\n');
        text.append("recorded ending: ").append(original.diagnosis()).append(", ").append(original.closing()).append('\n');
        if (startsWithTls()) {
            text.append("note: the client's first bytes are a TLS ClientHello: replayed as recorded, only a target that"
                    + " expects these very bytes answers alike\n");
        }
        return text.toString();
    }
}
