package io.tcpwhy.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The captures in a directory given to {@code analyze}: regular files named like
 * captures, in name order. Names as capture tools write them: {@code .pcap}, {@code .pcapng},
 * {@code .cap}, with tcpdump's rotation numbers ({@code -C}/{@code -W}: {@code trace.pcap3})
 * and gzip's {@code .gz}. Not recursive: a directory of directories is one level too far to guess.
 */
final class CaptureDirectory {

    static final String NAMES = "*.pcap, *.pcapng, *.cap (rotated *.pcapN, gzipped *.gz)";
    private static final Pattern CAPTURE = Pattern.compile("[^.].*\\.(pcap|pcapng|cap)\\d*(\\.gz)?");

    private CaptureDirectory() {
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> CAPTURE.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            // Unreadable directory: left to the file check, which says so in one line.
            return List.of();
        }
    }
}
