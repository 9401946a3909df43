/**
 * The scenario lab: real java.net programs that reproduce the classic close and reset
 * situations on loopback while {@link io.tcpwhy.capture.LiveCapture} records them. Start at
 * {@link io.tcpwhy.lab.ScenarioLab}; the scripts are in {@code Scenarios}, played on a
 * {@code Stage} whose {@code Conn}s record every call as an {@link io.tcpwhy.lab.ObservedCall}.
 * A run's result is a {@link io.tcpwhy.lab.ScenarioRecord}, written as {@code NAME.json} next
 * to {@code NAME.pcap}. Scenarios that need a network of their own (a middlebox, a peer cut
 * off, timed handshakes) are {@code NetnsScenarios}: {@code NetnsRun} builds network namespaces
 * ({@code Netns}) and runs each side's program in a child JVM inside them ({@link
 * io.tcpwhy.lab.NetnsPeer}, reporting through {@code Peer} and {@code PeerConn}).
 * docs/scenarios.md describes each scenario and the JSON additions.
 */
package io.tcpwhy.lab;
