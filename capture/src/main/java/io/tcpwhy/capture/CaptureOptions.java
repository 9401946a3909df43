package io.tcpwhy.capture;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to capture and where to write it.
 *
 * @param interfaceName the interface, {@value #LOOPBACK} by default
 * @param filter        a BPF expression as tcpdump takes it (e.g. {@code tcp port 8080}); empty for every frame
 * @param snapLength    bytes kept per frame; {@link #FULL_SNAP_LENGTH} keeps every frame whole
 * @param output        the classic pcap file to write, or null to only hand frames to the listener
 */
public record CaptureOptions(String interfaceName, String filter, int snapLength, Path output) {

    public static final String LOOPBACK = "lo";

    /**
     * libpcap's MAXIMUM_SNAPLEN: tcpdump's default since 4.0, larger than any frame on any
     * link tcpwhy decodes (loopback MTU is 65536), so nothing is cut.
     */
    public static final int FULL_SNAP_LENGTH = 262_144;

    /** The smallest snap length that still holds Ethernet (14) + IPv6 (40) + TCP with options (60). */
    static final int MIN_SNAP_LENGTH = 14 + 40 + 60;

    public CaptureOptions {
        if (interfaceName == null || interfaceName.isBlank()) {
            throw new IllegalArgumentException("capture needs an interface name");
        }
        filter = filter == null ? "" : filter.strip();
        if (snapLength < MIN_SNAP_LENGTH || snapLength > FULL_SNAP_LENGTH) {
            throw new IllegalArgumentException("snap length " + snapLength + " out of range (expected "
                    + MIN_SNAP_LENGTH + " to " + FULL_SNAP_LENGTH + ")");
        }
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
        return new CaptureOptions(name, filter, snapLength, output);
    }

    public CaptureOptions withOutput(Path file) {
        return new CaptureOptions(interfaceName, filter, snapLength, file);
    }

    public Optional<Path> outputFile() {
        return Optional.ofNullable(output);
    }
}
