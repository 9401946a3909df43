package io.tcpwhy.model;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The explanation of how a connection ended: its code and the side that closed first,
 * known at once, and its wording (summary, detail and the evidence frames the detail
 * cites), which may be built only when something first asks for it: most outputs print
 * the wording of few connections or none, and building it was a quarter of the analysis.
 * A value like a record: equal when code, side and wording are equal.
 */
public final class Diagnosis {

    /**
     * The words of a diagnosis.
     *
     * @param summary one sentence
     * @param detail  a paragraph citing the evidence frames
     * @param frames  evidence frame numbers, ascending
     */
    public record Wording(String summary, String detail, List<Long> frames) {

        public Wording {
            if (summary == null || detail == null) {
                throw new IllegalArgumentException("diagnosis needs code, summary and detail");
            }
            frames = List.copyOf(frames);
        }
    }

    private final DiagnosisCode code;
    private final Side closedBy;
    private final Memo<Wording> wording;

    /**
     * @param closedBy the side that closed (or reset) first, null when none did
     * @param summary  one sentence
     * @param detail   a paragraph citing the evidence frames
     * @param frames   evidence frame numbers, ascending
     */
    public Diagnosis(DiagnosisCode code, Side closedBy, String summary, String detail, List<Long> frames) {
        this(code, closedBy, Memo.of(new Wording(summary, detail, frames)));
        if (code == null) {
            throw new IllegalArgumentException("diagnosis needs code, summary and detail");
        }
    }

    private Diagnosis(DiagnosisCode code, Side closedBy, Memo<Wording> wording) {
        this.code = code;
        this.closedBy = closedBy;
        this.wording = wording;
    }

    /**
     * A diagnosis whose wording {@code wording} builds on first request (from any thread),
     * once; it must be a function of what was known when the diagnosis was made.
     */
    public static Diagnosis lazy(DiagnosisCode code, Side closedBy, Supplier<Wording> wording) {
        if (code == null || wording == null) {
            throw new IllegalArgumentException("diagnosis needs code and wording");
        }
        return new Diagnosis(code, closedBy, Memo.lazy(wording));
    }

    public DiagnosisCode code() {
        return code;
    }

    /** The side that closed (or reset) first, null when none did. */
    public Side closedBy() {
        return closedBy;
    }

    /** One sentence. */
    public String summary() {
        return wording.get().summary();
    }

    /** A paragraph citing the evidence frames. */
    public String detail() {
        return wording.get().detail();
    }

    /** Evidence frame numbers, ascending. */
    public List<Long> frames() {
        return wording.get().frames();
    }

    /** Summary, detail and frames together; built on the first call of any of the four accessors. */
    public Wording wording() {
        return wording.get();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Diagnosis d && code == d.code && closedBy == d.closedBy
                && wording().equals(d.wording());
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, closedBy, wording());
    }

    @Override
    public String toString() {
        Wording w = wording();
        return "Diagnosis[code=" + code + ", closedBy=" + closedBy + ", summary=" + w.summary() + ", detail="
                + w.detail() + ", frames=" + w.frames() + "]";
    }
}
