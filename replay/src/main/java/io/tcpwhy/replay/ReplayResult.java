package io.tcpwhy.replay;

import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A replay's outcome: the script played, what each step met, and how the live connection
 * ended next to how the recorded one did.
 *
 * @param log             what each step met, one line each
 * @param replayed        how the replayed connection ended, from its live capture; null when no frame of it was seen
 * @param playedPayload   what the played side put on the wire in the replay
 * @param peerPayload     what the peer put on the wire in the replay
 * @param notes           what the reader should know (a TLS ClientHello, why the live connection is missing)
 */
public record ReplayResult(Script script, List<String> log, Summary replayed, byte[] playedPayload,
                           byte[] peerPayload, List<String> notes) {

    /** One compared property. */
    public record Row(String name, String original, String replay, boolean same) {
    }

    public ReplayResult {
        log = List.copyOf(log);
        notes = List.copyOf(notes);
        playedPayload = playedPayload.clone();
        peerPayload = peerPayload.clone();
    }

    /** Whether the replay ended like the original: the same diagnosis, the same side closing first the same way. */
    public boolean sameEnding() {
        Summary o = script.original();
        return replayed != null && o.diagnosis().equals(replayed.diagnosis()) && o.closing().equals(replayed.closing());
    }

    /** The replay's diagnosis code, or "NONE" when nothing of it reached the wire. */
    public String replayDiagnosis() {
        return replayed == null ? "NONE" : replayed.diagnosis();
    }

    /** Original and replay side by side. */
    public List<Row> rows() {
        Summary o = script.original();
        Summary r = replayed == null
                ? new Summary("NONE", "nobody", "-", "-", "-", "", List.of(), List.of()) : replayed;
        List<Row> rows = new ArrayList<>();
        rows.add(row("diagnosis", o.diagnosis(), r.diagnosis()));
        rows.add(row("first to close", o.closing(), r.closing()));
        rows.add(row("client state", o.clientState(), r.clientState()));
        rows.add(row("server state", o.serverState(), r.serverState()));
        rows.add(row("client outcomes", String.join(", ", o.clientOutcomes()), String.join(", ", r.clientOutcomes())));
        rows.add(row("server outcomes", String.join(", ", o.serverOutcomes()), String.join(", ", r.serverOutcomes())));
        rows.add(row("zeek conn_state", o.connState() + " " + o.history(), r.connState() + " " + r.history()));
        Side played = script.played();
        rows.add(payloadRow(played, script.playedPayload(), playedPayload));
        rows.add(payloadRow(played.opposite(), script.peerPayload(), peerPayload));
        return rows;
    }

    private static Row row(String name, String original, String replay) {
        return new Row(name, original.isEmpty() ? "-" : original, replay.isEmpty() ? "-" : replay,
                Objects.equals(original, replay));
    }

    private static Row payloadRow(Side side, byte[] recorded, byte[] replayed) {
        return new Row(side.wire() + " payload", recorded.length + " bytes",
                PayloadComparison.describe(recorded, replayed), PayloadComparison.same(recorded, replayed));
    }
}
