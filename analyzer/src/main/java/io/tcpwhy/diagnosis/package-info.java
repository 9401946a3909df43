/**
 * Explains how a TCP connection ended and what each side's socket calls returned.
 *
 * <p>Start with {@link io.tcpwhy.diagnosis.ConnectionRecorder}: the connection tracker
 * creates one per connection ({@code ConnectionRecorder::new} is an
 * {@link io.tcpwhy.tcp.ObserverFactory}) and feeds it every segment; it keeps each
 * endpoint's RFC 9293 state, its FIN/RST/data facts and a capped evidence list, in
 * constant memory. When the connection is done, {@link io.tcpwhy.diagnosis.Diagnoser#explain}
 * turns it into a {@link io.tcpwhy.model.ConnectionReport}: the diagnosis
 * ({@code DiagnosisRules}), the annotations ({@code AnnotationRules}) and the outcomes
 * ({@code OutcomeRules}, Linux's rules for what read, write and connect return after a
 * FIN or RST). Codes, sides, annotations and outcome results are decided then; the prose
 * (summary, detail and evidence frames, the outcomes' {@code why} texts) is built when an
 * output first asks for it, since most outputs print it for few connections or none.
 * Everything but those two classes is package-private.
 */
package io.tcpwhy.diagnosis;
