package io.tcpwhy.capture;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to capture and where to write it.
 *
 * @param interfaceName the interface, {@value #LOOPBACK} by default ({@value #ANY} for every interface)
 * @param filter        a BPF expression as tcpdump takes it (e.g. {@code tcp port 8080}); empty for every frame
 * @param snapLength    bytes kept per frame; {@link #FULL_SNAP_LENGTH} keeps every frame whole
 * @param output        the classic pcap file to write, or null to only hand frames to the listener
 * @param bufferBytes   the kernel capture buffer (libpcap's {@code pcap_set_buffer_size})
 * @param immediate     libpcap's immediate mode: each frame handed over at once (one wake-up per
 *                      frame, and on Linux a kernel ring of fixed slots sized by the snap length);
 *                      without it frames come in blocks the kernel packs, at most
 *                      {@link NativePcap#READ_TIMEOUT_MILLIS} ms late, as tcpdump takes them
 */
public record CaptureOptions(String interfaceName, String filter, int snapLength, Path output, int bufferBytes,
                             boolean immediate) {

    public static final String LOOPBACK = "lo";
    /** Linux's pseudo-interface that captures on every interface at once (link type LINUX_SLL/SLL2). */
    public static final String ANY = "any";

    /**
     * libpcap's MAXIMUM_SNAPLEN: tcpdump's default since 4.0, larger than any frame on any
     * link tcpwhy decodes (loopback MTU is 65536), so nothing is cut.
     */
    public static final int FULL_SNAP_LENGTH = 262_144;

    /**
     * Enough for every header the analysis reads, none of the payload it does not: the largest
     * link header decoded (LINUX_SLL2, 20 bytes), IPv6 (40) with room for extension headers
     * (136), TCP with options (60, RFC 9293 §3.1). The analysis takes payload lengths from the IP
     * header, so a live capture that writes no file copies about 100 bytes a frame, not 64 KiB.
     */
    public static final int HEADER_SNAP_LENGTH = 256;

    /** The smallest snap length that still holds Ethernet (14) + IPv6 (40) + TCP with options (60). */
    static final int MIN_SNAP_LENGTH = 14 + 40 + 60;

    /**
     * The kernel capture ring. libpcap sizes each ring slot for the snap length (a whole frame
     * at {@link #FULL_SNAP_LENGTH}: on loopback, MTU 65536), and on loopback every frame takes
     * two slots (out and in); 2 MiB, tcpdump's default, holds only about 15 whole frames and
     * drops bursts. 64 MiB holds about 500 whole frames, or about 100,000 header-only ones.
     */
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024 * 1024;
    /** Below one slot per frame nothing works; 1 MiB is libpcap's own floor in practice. */
    public static final int MIN_BUFFER_BYTES = 1024 * 1024;
    /** 1 GiB: a buffer is locked kernel memory; beyond this it is a typo, not a plan. */
    public static final int MAX_BUFFER_BYTES = 1024 * 1024 * 1024;

    public CaptureOptions {
        if (interfaceName == null || interfaceName.isBlank()) {
            throw new IllegalArgumentException("capture needs an interface name");
        }
        filter = filter == null ? "" : filter.strip();
        if (snapLength < MIN_SNAP_LENGTH || snapLength > FULL_SNAP_LENGTH) {
            throw new IllegalArgumentException("snap length " + snapLength + " out of range (expected "
                    + MIN_SNAP_LENGTH + " to " + FULL_SNAP_LENGTH + ")");
        }
        if (bufferBytes < MIN_BUFFER_BYTES || bufferBytes > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException("buffer size " + bufferBytes + " bytes out of range (expected "
                    + MIN_BUFFER_BYTES + " to " + MAX_BUFFER_BYTES + ")");
        }
    }

    /** The default kernel buffer, {@link #DEFAULT_BUFFER_BYTES}, in immediate mode. */
    public CaptureOptions(String interfaceName, String filter, int snapLength, Path output) {
        this(interfaceName, filter, snapLength, output, DEFAULT_BUFFER_BYTES, true);
    }

    /** Loopback, whole frames, matching {@code filter}, written to {@code output}. */
    public static CaptureOptions loopback(String filter, Path output) {
        return new CaptureOptions(LOOPBACK, filter, FULL_SNAP_LENGTH, output);
    }

    /** The BPF expression that keeps one TCP port's traffic, both directions. */
    public static String tcpPortFilter(int port) {
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " out of range (expected 1-65535)");
        }
        return "tcp port " + port;
    }

    public CaptureOptions withInterface(String name) {
        return new CaptureOptions(name, filter, snapLength, output, bufferBytes, immediate);
    }

    public CaptureOptions withOutput(Path file) {
        return new CaptureOptions(interfaceName, filter, snapLength, file, bufferBytes, immediate);
    }

    public CaptureOptions withSnapLength(int bytes) {
        return new CaptureOptions(interfaceName, filter, bytes, output, bufferBytes, immediate);
    }

    public CaptureOptions withBufferBytes(int bytes) {
        return new CaptureOptions(interfaceName, filter, snapLength, output, bytes, immediate);
    }

    public CaptureOptions withImmediate(boolean on) {
        return new CaptureOptions(interfaceName, filter, snapLength, output, bufferBytes, on);
    }

    public Optional<Path> outputFile() {
        return Optional.ofNullable(output);
    }
}
