package io.tcpwhy.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole capture into copies, for assertions. */
final class Frames {

    record Frame(long number, long timestampNanos, int timestampDigits, int linkType, long linkTypeOffset,
                 byte[] data, int originalLength, long recordOffset) {
    }

    private Frames() {
    }

    static List<Frame> readAll(Path file) throws IOException {
        try (CaptureReader reader = CaptureReader.open(file)) {
            return drain(reader);
        }
    }

    static List<Frame> readAll(Path file, int bufferCapacity) throws IOException {
        try (CaptureReader reader = CaptureReader.open(file, bufferCapacity)) {
            return drain(reader);
        }
    }

    static List<Frame> drain(CaptureReader reader) throws IOException {
        List<Frame> frames = new ArrayList<>();
        while (reader.next()) {
            frames.add(current(reader));
        }
        return frames;
    }

    static Frame current(CaptureReader reader) {
        byte[] data = new byte[reader.capturedLength()];
        ByteBuffer buffer = reader.buffer();
        for (int i = 0; i < data.length; i++) {
            data[i] = buffer.get(reader.dataOffset() + i);
        }
        return new Frame(reader.frameNumber(), reader.timestampNanos(), reader.timestampDigits(), reader.linkType(),
                reader.linkTypeOffset(), data, reader.originalLength(), reader.recordOffset());
    }
}
