/**
 * Live capture with libpcap through pcap4j. Start at {@link io.tcpwhy.capture.LiveCapture#start}
 * with {@link io.tcpwhy.capture.CaptureOptions}: it writes a classic pcap file and hands each
 * frame to a {@link io.tcpwhy.capture.PacketListener} (live analysis feeds the decoder from
 * there); {@link io.tcpwhy.capture.LiveCapture#stop()} ends without losing the tail and returns
 * {@link io.tcpwhy.capture.CaptureStatistics}. Everything that makes capture impossible is one
 * {@link io.tcpwhy.capture.CaptureUnavailableException} with its fix in the message.
 *
 * <p>Offline analysis never touches this package, so it runs without libpcap.
 */
package io.tcpwhy.capture;
