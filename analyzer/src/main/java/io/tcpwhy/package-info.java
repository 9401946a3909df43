/**
 * tcpwhy's engine. Start at {@link io.tcpwhy.Analyzer}: it reads a capture file
 * ({@code pcap}: framing), decodes each frame down to a TCP segment ({@code decode}),
 * rebuilds connections and each endpoint's state ({@code tcp}), explains how each one
 * ended ({@code diagnosis}) and hands out {@link io.tcpwhy.model.ConnectionReport}s that
 * the {@code report} package renders as text, JSON or Markdown.
 *
 * <p>The layers only meet through small values: the reader hands the decoder bytes and
 * a link type, never a TCP flag; the decoder hands the tracker {@link
 * io.tcpwhy.decode.TcpSegment}s, never a file offset.
 */
package io.tcpwhy;
