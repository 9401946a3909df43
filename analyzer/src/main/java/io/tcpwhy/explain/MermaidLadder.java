package io.tcpwhy.explain;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection as a mermaid {@code sequenceDiagram}: client and server as participants, one
 * arrow per segment (RST drawn with a cross, bare ACKs dotted), relative sequence numbers
 * and time. Long connections keep their first and last segments and every SYN, FIN and RST.
 */
public final class MermaidLadder {

    /** Above this many segments the middle of the data exchange is folded into a note. */
    static final int MAX_ARROWS = 40;
    private static final int KEPT_AT_EACH_END = 15;

    private MermaidLadder() {
    }

    /** The diagram text, without the surrounding code fence; {@code marked} (may be null) gets a note. */
    public static String diagram(ConnectionReport r, SegmentEvidence marked, String markNote) {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        sb.append("    participant C as ").append(escape("client " + r.client())).append('\n');
        sb.append("    participant S as ").append(escape("server " + r.server())).append('\n');
        List<SegmentEvidence> segs = r.segments();
        List<Boolean> keep = kept(segs, marked);
        int hidden = 0;
        for (int i = 0; i < segs.size(); i++) {
            if (!keep.get(i)) {
                hidden++;
                continue;
            }
            if (hidden > 0) {
                sb.append("    Note over C,S: ").append(escape(hidden + " more segments not shown")).append('\n');
                hidden = 0;
            }
            SegmentEvidence s = segs.get(i);
            String from = s.from() == Side.CLIENT ? "C" : "S";
            String to = s.from() == Side.CLIENT ? "S" : "C";
            sb.append("    ").append(from).append(arrow(s)).append(to).append(": ")
                    .append(escape(Render.segmentLabel(r, s))).append('\n');
            if (s.equals(marked) && markNote != null) {
                sb.append("    Note over ").append(to).append(": ").append(escape(markNote)).append('\n');
            }
        }
        if (hidden > 0) {
            sb.append("    Note over C,S: ").append(escape(hidden + " more segments not shown")).append('\n');
        }
        if (segs.isEmpty()) {
            sb.append("    Note over C,S: ").append(escape("no segments recorded for this connection")).append('\n');
        }
        return sb.toString();
    }

    private static List<Boolean> kept(List<SegmentEvidence> segs, SegmentEvidence marked) {
        List<Boolean> keep = new ArrayList<>(segs.size());
        for (int i = 0; i < segs.size(); i++) {
            SegmentEvidence s = segs.get(i);
            boolean control = s.flags().contains("S") || s.flags().contains("F") || s.flags().contains("R");
            keep.add(segs.size() <= MAX_ARROWS || i < KEPT_AT_EACH_END || i >= segs.size() - KEPT_AT_EACH_END
                    || control || s.equals(marked));
        }
        return keep;
    }

    private static String arrow(SegmentEvidence s) {
        if (s.flags().contains("R")) {
            return "-x";
        }
        boolean bareAck = s.payloadLength() == 0 && !s.flags().contains("S") && !s.flags().contains("F");
        return bareAck ? "-->>" : "->>";
    }

    /**
     * Mermaid ends a message at ';' or a newline, reads '#...;' as an entity and '%%' as a
     * comment; everything but plain letters, digits and a few safe marks becomes {@code #code;}.
     */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean safe = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
                    || " .,=+-/()[]:'_?".indexOf(cp) >= 0;
            if (safe) {
                sb.appendCodePoint(cp);
            } else {
                sb.append('#').append(cp).append(';');
            }
        });
        return sb.toString();
    }
}
