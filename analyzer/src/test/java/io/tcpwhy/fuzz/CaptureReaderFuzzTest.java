package io.tcpwhy.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcpwhy.pcap.CaptureFormatException;
import io.tcpwhy.pcap.CaptureReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * The capture reader on anything: it delivers frames or stops with a {@link
 * CaptureFormatException}, nothing else, and what it delivers is consistent. Seeds: the
 * samples and crafted damaged files ({@code CaptureReaderFuzzTestInputs}).
 */
class CaptureReaderFuzzTest {

    /** Plain pcap or pcapng, or gzip when the input starts with its magic. */
    @FuzzTest(maxDuration = "5m")
    void anyBytes(byte[] data) throws IOException {
        readAll(Properties.file("reader.pcap", data));
    }

    /** The same bytes behind a valid gzip layer, so the fuzzer mutates what gzip inflates to. */
    @FuzzTest(maxDuration = "5m")
    void gzipped(byte[] data) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(data);
        }
        readAll(Properties.file("reader.pcap.gz", compressed.toByteArray()));
    }

    static void readAll(Path file) throws IOException {
        CaptureReader reader;
        try {
            reader = CaptureReader.open(file);
        } catch (CaptureFormatException e) {
            return; // not a capture: one of the expected answers
        }
        try (reader) {
            long frames = 0;
            while (reader.next()) {
                frames++;
                Properties.check(reader.frameNumber() == frames, "frame numbers count up from 1");
                int captured = reader.capturedLength();
                Properties.check(captured >= 0 && captured <= CaptureReader.MAX_CAPTURED_LENGTH,
                        "captured length " + captured + " within 0.." + CaptureReader.MAX_CAPTURED_LENGTH);
                Properties.check(reader.originalLength() >= captured, "original length >= captured length");
                Properties.check(reader.dataOffset() >= 0
                                && (long) reader.dataOffset() + captured <= reader.buffer().capacity(),
                        "frame bytes inside the buffer");
                Properties.check(reader.timestampDigits() >= 0 && reader.timestampDigits() <= 9, "timestamp digits 0..9");
            }
        } catch (CaptureFormatException e) {
            Properties.check(e.byteOffset() >= 0, "damage offset non-negative: " + e.getMessage());
        }
    }
}
