package io.tcpwhy.model;

import java.util.List;

/**
 * The explanation of how a connection ended.
 *
 * @param closedBy the side that closed (or reset) first, null when none did
 * @param summary  one sentence
 * @param detail   a paragraph citing the evidence frames
 * @param frames   evidence frame numbers, ascending
 */
public record Diagnosis(DiagnosisCode code, Side closedBy, String summary, String detail, List<Long> frames) {

    public Diagnosis {
        if (code == null || summary == null || detail == null) {
            throw new IllegalArgumentException("diagnosis needs code, summary and detail");
        }
        frames = List.copyOf(frames);
    }
}
