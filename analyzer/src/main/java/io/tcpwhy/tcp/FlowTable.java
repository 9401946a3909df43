package io.tcpwhy.tcp;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.util.function.Consumer;

/**
 * Values by the unordered pair of endpoints of a connection: an open-addressing table
 * (linear probing, deletion by shifting back) that keeps each key as plain numbers in
 * arrays of its own. Every segment of a capture looks its connection up, so a lookup
 * allocates nothing and probes contiguous numbers; a {@code HashMap} of key records made a
 * key per segment and compared it through three levels of objects scattered in the heap,
 * a fifth of the tracker's time (issue 12). Not thread-safe.
 */
final class FlowTable<V> {

    private static final int FIRST_CAPACITY = 1 << 8;
    // A slot's key: the two endpoints in a fixed order (the lower first), so either direction finds it.
    private static final int LOW_HIGH = 0;
    private static final int LOW_LOW = 1;
    private static final int HIGH_HIGH = 2;
    private static final int HIGH_LOW = 3;
    /** The two ports, each with bit 16 set for IPv6: the lower endpoint's in the high half. */
    private static final int PORTS = 4;
    /** The key's hash in the low 32 bits, and bit 32 set while the slot is in use. */
    private static final int HASH = 5;
    private static final long IN_USE = 1L << 32;
    /** A slot's key and hash lie side by side (48 bytes): a probe reads one or two cache lines, not three arrays. */
    private static final int STRIDE = 6;

    private long[] keys = new long[FIRST_CAPACITY * STRIDE];
    private Object[] values = new Object[FIRST_CAPACITY];
    private int mask = FIRST_CAPACITY - 1;
    private int size;
    /** The key being put, filled in place: an array per put was a fiftieth of the bytes the analysis allocated. */
    private final long[] scratch = new long[HASH];

    /** The value put under {@code a}, {@code b} (in either order), or null. */
    @SuppressWarnings("unchecked")
    V get(Endpoint a, Endpoint b) {
        int i = find(a, b);
        return i < 0 ? null : (V) values[i];
    }

    /** Puts {@code value} under {@code a}, {@code b}, replacing any value there; returns the one replaced, or null. */
    @SuppressWarnings("unchecked")
    V put(Endpoint a, Endpoint b, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for " + a + "-" + b + " (expected a value)");
        }
        long[] k = key(a, b, scratch);
        int h = hash(k);
        int i = probe(k, h);
        if (values[i] != null) {
            V old = (V) values[i];
            values[i] = value;
            return old;
        }
        if (size + 1 > values.length >>> 1) { // half full at most: probes stay short
            grow();
            i = probe(k, h);
        }
        System.arraycopy(k, 0, keys, i * STRIDE, HASH);
        keys[i * STRIDE + HASH] = IN_USE | (h & 0xFFFF_FFFFL);
        values[i] = value;
        size++;
        return null;
    }

    /** Takes out the value under {@code a}, {@code b}; returns it, or null if there was none. */
    @SuppressWarnings("unchecked")
    V remove(Endpoint a, Endpoint b) {
        int i = find(a, b);
        if (i < 0) {
            return null;
        }
        V old = (V) values[i];
        values[i] = null;
        keys[i * STRIDE + HASH] = 0;
        size--;
        // Shift back the slots after the hole that probing from their home would no longer reach.
        for (int j = (i + 1) & mask; keys[j * STRIDE + HASH] != 0; j = (j + 1) & mask) {
            int home = (int) keys[j * STRIDE + HASH] & mask;
            boolean reachable = i <= j ? home > i && home <= j : home > i || home <= j;
            if (!reachable) {
                System.arraycopy(keys, j * STRIDE, keys, i * STRIDE, STRIDE);
                values[i] = values[j];
                values[j] = null;
                keys[j * STRIDE + HASH] = 0;
                i = j;
            }
        }
        return old;
    }

    int size() {
        return size;
    }

    /** Each value, in no particular order; {@code action} must not change the table. */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    private int find(Endpoint a, Endpoint b) {
        IpAddress aa = a.address();
        IpAddress ba = b.address();
        int ap = portBits(a);
        int bp = portBits(b);
        boolean aFirst = before(aa.high(), aa.low(), ap, ba.high(), ba.low(), bp);
        long lh = aFirst ? aa.high() : ba.high();
        long ll = aFirst ? aa.low() : ba.low();
        long hh = aFirst ? ba.high() : aa.high();
        long hl = aFirst ? ba.low() : aa.low();
        long ports = aFirst ? ports(ap, bp) : ports(bp, ap);
        long tag = IN_USE | (hash(lh, ll, hh, hl, ports) & 0xFFFF_FFFFL);
        for (int i = (int) tag & mask; keys[i * STRIDE + HASH] != 0; i = (i + 1) & mask) {
            int at = i * STRIDE;
            if (keys[at + HASH] == tag && keys[at + LOW_LOW] == ll && keys[at + HIGH_LOW] == hl && keys[at + PORTS] == ports
                    && keys[at + LOW_HIGH] == lh && keys[at + HIGH_HIGH] == hh) {
                return i;
            }
        }
        return -1;
    }

    /** The slot holding key {@code k}, or the empty slot where it would go. */
    private int probe(long[] k, int h) {
        long tag = IN_USE | (h & 0xFFFF_FFFFL);
        int i = h & mask;
        while (keys[i * STRIDE + HASH] != 0) {
            int at = i * STRIDE;
            if (keys[at + HASH] == tag && keys[at + LOW_LOW] == k[LOW_LOW] && keys[at + HIGH_LOW] == k[HIGH_LOW]
                    && keys[at + PORTS] == k[PORTS] && keys[at + LOW_HIGH] == k[LOW_HIGH]
                    && keys[at + HIGH_HIGH] == k[HIGH_HIGH]) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        int capacity = oldValues.length * 2;
        keys = new long[capacity * STRIDE];
        values = new Object[capacity];
        mask = capacity - 1;
        for (int j = 0; j < oldValues.length; j++) {
            if (oldValues[j] == null) {
                continue;
            }
            int i = (int) oldKeys[j * STRIDE + HASH] & mask;
            while (keys[i * STRIDE + HASH] != 0) {
                i = (i + 1) & mask;
            }
            System.arraycopy(oldKeys, j * STRIDE, keys, i * STRIDE, STRIDE);
            values[i] = oldValues[j];
        }
    }

    private static long[] key(Endpoint a, Endpoint b, long[] k) {
        IpAddress aa = a.address();
        IpAddress ba = b.address();
        int ap = portBits(a);
        int bp = portBits(b);
        boolean aFirst = before(aa.high(), aa.low(), ap, ba.high(), ba.low(), bp);
        k[LOW_HIGH] = aFirst ? aa.high() : ba.high();
        k[LOW_LOW] = aFirst ? aa.low() : ba.low();
        k[HIGH_HIGH] = aFirst ? ba.high() : aa.high();
        k[HIGH_LOW] = aFirst ? ba.low() : aa.low();
        k[PORTS] = aFirst ? ports(ap, bp) : ports(bp, ap);
        return k;
    }

    private static int portBits(Endpoint e) {
        return e.port() | (e.address().v6() ? 1 << 16 : 0);
    }

    private static long ports(int low, int high) {
        return (long) low << 32 | high;
    }

    private static boolean before(long ah, long al, int ap, long bh, long bl, int bp) {
        if (ah != bh) {
            return ah < bh;
        }
        if (al != bl) {
            return al < bl;
        }
        return ap <= bp;
    }

    private static int hash(long[] k) {
        return hash(k[LOW_HIGH], k[LOW_LOW], k[HIGH_HIGH], k[HIGH_LOW], k[PORTS]);
    }

    /** Every input bit spread over the result (MurmurHash3's finalizer on a multiply-add chain). */
    private static int hash(long lh, long ll, long hh, long hl, long ports) {
        long h = ll * 0x9E37_79B9_7F4A_7C15L + hl;
        h = (h ^ (h >>> 29)) * 0xBF58_476D_1CE4_E5B9L + ports;
        h = (h ^ (h >>> 32)) * 0x94D0_49BB_1331_11EBL + (lh ^ Long.rotateLeft(hh, 21));
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        return (int) h;
    }
}
