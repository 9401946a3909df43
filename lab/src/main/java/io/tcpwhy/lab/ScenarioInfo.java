package io.tcpwhy.lab;

import io.tcpwhy.model.DiagnosisCode;

/** What {@code tcpwhy scenario list} shows of a scenario. */
public record ScenarioInfo(String name, String description, String seeds, DiagnosisCode expectedDiagnosis) {
}
