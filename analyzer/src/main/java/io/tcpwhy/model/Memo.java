package io.tcpwhy.model;

import java.util.function.Supplier;

/**
 * A value computed on first request, once, by whichever thread asks first; the others
 * (the writer thread reads what the analysis thread made) wait for it and then share it.
 * The supplier, and what it holds on to, is let go of once the value is known.
 */
final class Memo<T> {

    private Supplier<? extends T> supplier;
    private volatile T value;

    private Memo(Supplier<? extends T> supplier, T value) {
        this.supplier = supplier;
        this.value = value;
    }

    /** A value known already. */
    static <T> Memo<T> of(T value) {
        return new Memo<>(null, value);
    }

    /** A value {@code supplier} computes when it is first asked for; it must not answer null. */
    static <T> Memo<T> lazy(Supplier<? extends T> supplier) {
        if (supplier == null) {
            throw new IllegalArgumentException("a lazy value needs a supplier");
        }
        return new Memo<>(supplier, null);
    }

    T get() {
        T v = value;
        if (v != null) {
            return v;
        }
        synchronized (this) {
            v = value;
            if (v == null) {
                v = supplier.get();
                if (v == null) {
                    throw new IllegalStateException("a lazy value's supplier answered null (expected: a value)");
                }
                value = v;
                supplier = null;
            }
            return v;
        }
    }
}
