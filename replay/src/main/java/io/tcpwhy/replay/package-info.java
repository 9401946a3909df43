/**
 * {@code tcpwhy replay}: re-enacts one side of a captured connection over real kernel
 * sockets and compares how the replay ended with the original.
 *
 * <p>Start at {@link io.tcpwhy.replay.RecordingReader} (the connection out of a capture, with
 * the analyzer's reader, decoder and analysis), {@link io.tcpwhy.replay.ScriptBuilder} (what
 * the played side does), {@link io.tcpwhy.replay.Replay} (sockets, live capture, analysis of
 * the replay) and {@link io.tcpwhy.replay.ReplayReport} (original and replay side by side).
 * {@link io.tcpwhy.replay.ScriptFile} is the editable JSON form of a script. Pacing runs on
 * an injected {@link io.tcpwhy.replay.ReplayClock}.
 */
package io.tcpwhy.replay;
