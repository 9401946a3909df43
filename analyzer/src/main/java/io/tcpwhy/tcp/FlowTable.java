package io.tcpwhy.tcp;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.util.function.Consumer;

/**
 * Values by the unordered pair of endpoints of a connection: an open-addressing table
 * (linear probing, deletion by shifting back). Every segment of a capture looks its
 * connection up, so a lookup allocates nothing: the table holds a 31-bit tag of each key's
 * hash in an array of ints and the value beside it, and the key itself, as plain numbers,
 * lives in the value ({@link Keyed}), which the caller reads next anyway. A hit costs the
 * value's cache line and two small arrays that stay in cache; with the keys in the table
 * (48 bytes a slot) a hit read one more line, and the tables of held and ended connections
 * (hundreds of thousands on a big capture) pushed the open one out of the cache (issue 12).
 * A {@code HashMap} of key records, before that, made a key per segment and compared it
 * through three levels of objects. Not thread-safe.
 */
final class FlowTable<V extends FlowTable.Keyed> {

    private static final int FIRST_CAPACITY = 1 << 8;
    /** Set in every tag: a tag is never 0, the mark of an empty slot. Above any mask, so a slot's home is {@code tag & mask}. */
    private static final int IN_USE = Integer.MIN_VALUE;

    /**
     * What a table holds: the value carries its key, the two endpoints in a fixed order (the
     * lower first, so either direction finds it), written by {@link #put}. A value sits in
     * one table at a time under one key (the tracker moves a connection between tables
     * under the same pair).
     */
    abstract static class Keyed {
        private long lowHigh;
        private long lowLow;
        private long highHigh;
        private long highLow;
        /** The two ports, each with bit 16 set for IPv6: the lower endpoint's in the high half. */
        private long ports;

        private boolean hasKey(long lh, long ll, long hh, long hl, long p) {
            return lowLow == ll && highLow == hl && ports == p && lowHigh == lh && highHigh == hh;
        }
    }

    /** Per slot: 0 when empty, else {@link #IN_USE} with the key's hash. */
    private int[] tags = new int[FIRST_CAPACITY];
    private Keyed[] values = new Keyed[FIRST_CAPACITY];
    private int mask = FIRST_CAPACITY - 1;
    private int size;

    // The key being looked up, in order: set by order(), read right after; no array per lookup.
    private long lh;
    private long ll;
    private long hh;
    private long hl;
    private long ports;

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
        int i = find(a, b);
        Keyed keyed = value; // a type variable's private fields are not reachable through it
        keyed.lowHigh = lh;
        keyed.lowLow = ll;
        keyed.highHigh = hh;
        keyed.highLow = hl;
        keyed.ports = ports;
        if (i >= 0) {
            V old = (V) values[i];
            values[i] = value;
            return old;
        }
        if (size + 1 > values.length >>> 1) { // half full at most: probes stay short
            grow();
        }
        int tag = IN_USE | hash(lh, ll, hh, hl, ports);
        i = tag & mask;
        while (tags[i] != 0) {
            i = (i + 1) & mask;
        }
        tags[i] = tag;
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
        tags[i] = 0;
        size--;
        // Shift back the slots after the hole that probing from their home would no longer reach.
        for (int j = (i + 1) & mask; tags[j] != 0; j = (j + 1) & mask) {
            int home = tags[j] & mask;
            boolean reachable = i <= j ? home > i && home <= j : home > i || home <= j;
            if (!reachable) {
                tags[i] = tags[j];
                values[i] = values[j];
                tags[j] = 0;
                values[j] = null;
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
        for (Keyed v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    /** The slot of the key {@code a}, {@code b}, or -1; leaves the key in order in the fields. */
    private int find(Endpoint a, Endpoint b) {
        order(a, b);
        int tag = IN_USE | hash(lh, ll, hh, hl, ports);
        for (int i = tag & mask; tags[i] != 0; i = (i + 1) & mask) {
            if (tags[i] == tag && values[i].hasKey(lh, ll, hh, hl, ports)) {
                return i;
            }
        }
        return -1;
    }

    private void order(Endpoint a, Endpoint b) {
        IpAddress aa = a.address();
        IpAddress ba = b.address();
        int ap = portBits(a);
        int bp = portBits(b);
        boolean aFirst = before(aa.high(), aa.low(), ap, ba.high(), ba.low(), bp);
        lh = aFirst ? aa.high() : ba.high();
        ll = aFirst ? aa.low() : ba.low();
        hh = aFirst ? ba.high() : aa.high();
        hl = aFirst ? ba.low() : aa.low();
        ports = aFirst ? ports(ap, bp) : ports(bp, ap);
    }

    private void grow() {
        int[] oldTags = tags;
        Keyed[] oldValues = values;
        int capacity = oldValues.length * 2;
        tags = new int[capacity];
        values = new Keyed[capacity];
        mask = capacity - 1;
        for (int j = 0; j < oldValues.length; j++) {
            if (oldTags[j] == 0) {
                continue;
            }
            int i = oldTags[j] & mask;
            while (tags[i] != 0) {
                i = (i + 1) & mask;
            }
            tags[i] = oldTags[j];
            values[i] = oldValues[j];
        }
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
