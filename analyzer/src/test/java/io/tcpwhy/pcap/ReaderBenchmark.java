package io.tcpwhy.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Throughput of {@link CaptureReader}, frames per second, on a generated capture: not a
 * unit test, so timing never makes the build flaky. Run after {@code mvn -B -o -q -pl
 * analyzer test-compile}:
 *
 * <pre>
 * java -cp analyzer/target/classes:analyzer/target/test-classes io.tcpwhy.pcap.ReaderBenchmark [frames] [--gzip]
 * </pre>
 *
 * The capture mixes the sizes of a bulk TCP transfer: two 1,514-byte data frames per
 * 66-byte ACK. Each pass touches one byte of every frame so the reads cannot be skipped.
 */
public final class ReaderBenchmark {

    private static final int DEFAULT_FRAMES = 1_000_000;
    private static final int WARMUP_PASSES = 2;
    private static final int MEASURED_PASSES = 5;

    private ReaderBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int frames = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : DEFAULT_FRAMES;
        boolean gzip = args.length > 0 && args[args.length - 1].equals("--gzip");
        Path dir = Files.createTempDirectory("tcpwhy-bench");
        Path file = dir.resolve(gzip ? "bench.pcap.gz" : "bench.pcap");
        try {
            Path plain = generate(dir.resolve("bench.pcap"), frames);
            if (gzip) {
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    Files.copy(plain, out);
                }
            }
            System.out.printf("%s: %,d frames, %,d bytes on disk%n", file.getFileName(), frames, Files.size(file));
            for (int pass = 0; pass < WARMUP_PASSES; pass++) {
                read(file);
            }
            double best = 0;
            for (int pass = 0; pass < MEASURED_PASSES; pass++) {
                long start = System.nanoTime();
                long read = read(file);
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = read / seconds;
                best = Math.max(best, rate);
                System.out.printf("pass %d: %,d frames in %.3f s = %,.0f frames/s, %.0f MB/s%n",
                        pass + 1, read, seconds, rate, Files.size(dir.resolve("bench.pcap")) / seconds / 1e6);
            }
            System.out.printf("best: %,.0f frames/s%n", best);
        } finally {
            try (var listing = Files.list(dir)) {
                for (Path p : listing.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static Path generate(Path file, int frames) throws IOException {
        byte[] data = CaptureBytes.frame(1514, 0);
        byte[] ack = CaptureBytes.frame(66, 1);
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, false)) {
            for (int i = 0; i < frames; i++) {
                byte[] frame = i % 3 == 2 ? ack : data;
                writer.write(1_700_000_000_000_000_000L + i * 10_000L, frame, 0, frame.length, frame.length);
            }
        }
        return file;
    }

    private static long read(Path file) throws IOException {
        long checksum = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next()) {
                checksum += reader.buffer().get(reader.dataOffset() + reader.capturedLength() - 1) + reader.timestampNanos();
            }
            if (checksum == 42) {
                System.out.println("unlikely checksum, printed so the JIT keeps the reads");
            }
            return reader.frameNumber();
        }
    }
}
