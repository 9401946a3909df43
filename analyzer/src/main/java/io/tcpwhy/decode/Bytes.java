package io.tcpwhy.decode;

import java.nio.ByteBuffer;

/**
 * Big-endian reads by absolute index. Built from single-byte reads so that the result
 * does not depend on the buffer's byte order (the pcap reader sets it to the file's).
 */
final class Bytes {

    private Bytes() {
    }

    static int u8(ByteBuffer buf, int index) {
        return buf.get(index) & 0xFF;
    }

    static int u16(ByteBuffer buf, int index) {
        return ((buf.get(index) & 0xFF) << 8) | (buf.get(index + 1) & 0xFF);
    }

    /** An unsigned 32-bit value; as an int its bits are right, its sign may not be. */
    static int i32(ByteBuffer buf, int index) {
        return ((buf.get(index) & 0xFF) << 24) | ((buf.get(index + 1) & 0xFF) << 16)
                | ((buf.get(index + 2) & 0xFF) << 8) | (buf.get(index + 3) & 0xFF);
    }

    static long u32(ByteBuffer buf, int index) {
        return i32(buf, index) & 0xFFFF_FFFFL;
    }

    static long u64(ByteBuffer buf, int index) {
        return ((long) i32(buf, index) << 32) | u32(buf, index + 4);
    }
}
