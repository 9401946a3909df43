package io.tcpwhy.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Builds capture bytes field by field for tests, in a chosen byte order, so each fixture
 * reads like the format's layout table:
 *
 * <pre>
 * CaptureBytes.little()
 *     .u32(0xa1b2c3d4)   // magic
 *     .u16(2).u16(4)     // version 2.4
 *     ...
 * </pre>
 *
 * {@link #block} writes a pcapng block with both length fields filled in and the body
 * padded to 32 bits.
 */
final class CaptureBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    private CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    static CaptureBytes little() {
        return new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
    }

    static CaptureBytes big() {
        return new CaptureBytes(ByteOrder.BIG_ENDIAN);
    }

    static CaptureBytes in(ByteOrder order) {
        return new CaptureBytes(order);
    }

    /** Fields written after this call use {@code newOrder}: a new pcapng section may switch. */
    CaptureBytes order(ByteOrder newOrder) {
        this.order = newOrder;
        return this;
    }

    CaptureBytes u8(int value) {
        out.write(value);
        return this;
    }

    CaptureBytes u16(int value) {
        return put(ByteBuffer.allocate(2).order(order).putShort((short) value));
    }

    CaptureBytes u32(long value) {
        return put(ByteBuffer.allocate(4).order(order).putInt((int) value));
    }

    CaptureBytes u64(long value) {
        return put(ByteBuffer.allocate(8).order(order).putLong(value));
    }

    /** Bytes in file order regardless of the byte order, e.g. {@code raw(0x0a, 0x0d, 0x0d, 0x0a)}. */
    CaptureBytes raw(int... values) {
        for (int value : values) {
            out.write(value);
        }
        return this;
    }

    CaptureBytes bytes(byte[] data) {
        out.write(data, 0, data.length);
        return this;
    }

    CaptureBytes zeros(int count) {
        return bytes(new byte[count]);
    }

    /**
     * A pcapng block: type, total length, the body {@code content} writes padded to a
     * multiple of 4, total length again.
     */
    CaptureBytes block(int type, Consumer<CaptureBytes> content) {
        CaptureBytes body = new CaptureBytes(order);
        content.accept(body);
        int padded = (body.size() + 3) & -4;
        int total = 4 + 4 + padded + 4;
        u32(type).u32(total).bytes(body.toArray()).zeros(padded - body.size());
        return u32(total);
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        Files.write(file, toArray());
        return file;
    }

    Path writeGzipTo(Path file) throws IOException {
        return writeGzip(file, toArray());
    }

    static Path writeGzip(Path file, byte[] content) throws IOException {
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file))) {
            gzip.write(content);
        }
        return file;
    }

    private CaptureBytes put(ByteBuffer field) {
        out.write(field.array(), 0, field.capacity());
        return this;
    }

    /** A recognisable frame: byte i is {@code seed + i}. */
    static byte[] frame(int length, int seed) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (seed + i);
        }
        return data;
    }
}
