package io.tcpwhy.net;

/**
 * Hash mixing for address values. Records hash their fields linearly (31 * h + x), so
 * the 4-tuples of one capture, which differ in a port or the last address byte, fall into
 * the same few buckets; a finalizer that spreads every input bit fixes that.
 */
final class Hashing {

    private Hashing() {
    }

    /** MurmurHash3's 64-bit finalizer over the two values. */
    static int mix(long a, long b) {
        long h = a * 0x9E37_79B9_7F4A_7C15L + b;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return (int) h;
    }
}
