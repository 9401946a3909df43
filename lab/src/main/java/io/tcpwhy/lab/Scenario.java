package io.tcpwhy.lab;

import io.tcpwhy.model.DiagnosisCode;

/**
 * One reproduction: a name, what happens in plain words, the seed documents it follows, the
 * diagnosis of the connection it is about, the listener it needs, and the script.
 *
 * @param backlog the listener's backlog, or {@link #NO_LISTENER} when nothing may listen on the port
 */
record Scenario(String name, String description, String seeds, DiagnosisCode expectedDiagnosis,
                int backlog, Body body) {

    static final int NO_LISTENER = -1;
    /** Backlog for scenarios that accept at once: anything above the few connections they open. */
    static final int DEFAULT_BACKLOG = 50;

    @FunctionalInterface
    interface Body {
        void play(Stage stage) throws Exception;
    }
}
