/**
 * Live capture with libpcap through pcap4j. Start at {@link io.tcpwhy.capture.LiveCapture#start}
 * with {@link io.tcpwhy.capture.CaptureOptions}: it writes a classic pcap file and hands each
 * frame to a {@link io.tcpwhy.capture.PacketListener} (live analysis feeds the decoder from
 * there); {@link io.tcpwhy.capture.LiveCapture#stop()} ends without losing the tail and returns
 * {@link io.tcpwhy.capture.CaptureStatistics}. Everything that makes capture impossible is one
 * {@link io.tcpwhy.capture.CaptureUnavailableException} with its fix in the message.
 *
 * <p>Live analysis starts at {@link io.tcpwhy.capture.LiveSession#start}: a capture thread
 * reads libpcap directly ({@code RingReader}: {@code pcap_dispatch} with libpcap's own
 * {@code pcap_dump} writing every frame the kernel holds into memory of ours, one native call
 * for all of them) into a preallocated {@code FrameRing}; an analysis thread ({@code AnalysisLoop}) reads
 * the frames in place, writes the files, runs the timers on the wall clock and tells a
 * {@link io.tcpwhy.capture.LiveListener}.
 *
 * <p>Offline analysis never touches this package, so it runs without libpcap.
 */
package io.tcpwhy.capture;
