package io.tcpwhy.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The captures in a directory given to {@code analyze}: regular files named like
 * captures, in name order with numbers compared as numbers. Names as capture tools write
 * them: {@code .pcap}, {@code .pcapng}, {@code .cap}, with tcpdump's rotation numbers
 * ({@code -C}: {@code trace.pcap}, {@code trace.pcap1} ... {@code trace.pcap10}, unpadded,
 * so {@code trace.pcap10} comes after {@code trace.pcap9} as tcpdump wrote them) and gzip's
 * {@code .gz}. Not recursive: a directory of directories is one level too far to guess.
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
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), CaptureDirectory::compareNames))
                    .toList();
        } catch (IOException e) {
            // Unreadable directory: left to the file check, which says so in one line.
            return List.of();
        }
    }

    /**
     * Name order with each run of digits compared as a number ({@code trace.pcap2} before
     * {@code trace.pcap10}); names equal that way ({@code 01} and {@code 1}) in plain order.
     */
    static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int order = compareNumbers(a.substring(i, endA), b.substring(j, endB));
                if (order != 0) {
                    return order;
                }
                i = endA;
                j = endB;
            } else if (ca != cb) {
                return Character.compare(ca, cb);
            } else {
                i++;
                j++;
            }
        }
        int order = Integer.compare(a.length() - i, b.length() - j);
        return order != 0 ? order : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    /** Two runs of ASCII digits by value, of any length: no overflow. */
    private static int compareNumbers(String x, String y) {
        String a = stripZeros(x);
        String b = stripZeros(y);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
