/**
 * Framing: reads capture files record by record and hands out each frame's bytes with
 * its link type, timestamp and lengths, never looking inside a frame.
 *
 * <p>Start at {@link io.tcpwhy.pcap.CaptureReader}: {@code open(path)}, then {@code
 * next()} until it returns false. It reads classic pcap (microsecond and nanosecond,
 * either byte order; {@code PcapFormat}) and pcapng (any number of sections and
 * interfaces, Enhanced / Simple / obsolete Packet Blocks; {@code PcapngFormat}), plain or
 * gzip-compressed, through one reusable buffer ({@code InputWindow}).
 * {@link io.tcpwhy.pcap.PcapWriter} writes classic pcap for evidence files and tests,
 * adjusting what pcap cannot hold; {@link io.tcpwhy.pcap.AnnotatedCapture} writes a capture
 * back as pcapng with packet comments, copying the records the reader validated.
 *
 * <p>Every length read from a file is checked before it is trusted, and none sizes an
 * allocation: the window grows only as bytes arrive. Damage surfaces as a
 * {@link io.tcpwhy.pcap.CaptureFormatException} with the file, the uncompressed byte
 * offset and what was expected. Decisions where files in the wild disagree with the specs:
 * <ul>
 * <li>A captured length above the original length is accepted; {@code originalLength()}
 *     then reports the captured length.</li>
 * <li>Classic pcap rejects a captured length above the header's snap length (the only
 *     guard against garbage there); pcapng accepts it because its blocks are framed by
 *     their length and checked by the trailing copy.</li>
 * <li>A Simple Packet Block, which has no timestamp, takes the previous frame's time.</li>
 * </ul>
 */
package io.tcpwhy.pcap;
