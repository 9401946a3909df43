package io.tcpwhy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A diagnosis's wording and an outcome's why: built on first access, once, and equal to eager ones. */
class LazyWordingTest {

    private static final Diagnosis.Wording WORDING = new Diagnosis.Wording("The client closed first.",
            "frame 6: the client's FIN.", List.of(6L));

    @Test
    void wordingIsBuiltOnFirstAccessAndOnlyOnce() {
        AtomicInteger built = new AtomicInteger();
        Diagnosis d = Diagnosis.lazy(DiagnosisCode.ORDERLY, Side.CLIENT, () -> {
            built.incrementAndGet();
            return WORDING;
        });
        assertEquals(DiagnosisCode.ORDERLY, d.code());
        assertEquals(Side.CLIENT, d.closedBy());
        assertEquals(0, built.get(), "code and side need no wording");
        assertEquals("The client closed first.", d.summary());
        assertEquals(1, built.get());
        assertEquals("frame 6: the client's FIN.", d.detail());
        assertEquals(List.of(6L), d.frames());
        assertEquals(1, built.get(), "summary, detail and frames come from one wording");
    }

    @Test
    void whyIsBuiltOnFirstAccessAndOnlyOnce() {
        AtomicInteger built = new AtomicInteger();
        Outcome o = Outcome.lazy(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, () -> {
            built.incrementAndGet();
            return "the client's FIN arrived";
        });
        assertEquals(CallResult.EOF, o.result());
        assertEquals(6, o.frame());
        assertEquals(0, built.get());
        assertEquals("the client's FIN arrived", o.why());
        assertEquals("the client's FIN arrived", o.why());
        assertEquals(1, built.get());
    }

    @Test
    void threadsAskingAtOnceShareOneWording() throws Exception {
        int threads = 8;
        AtomicInteger built = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Diagnosis d = Diagnosis.lazy(DiagnosisCode.ORDERLY, Side.CLIENT, () -> {
            built.incrementAndGet();
            return new Diagnosis.Wording(new String("The client closed first."), "detail", List.of());
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return d.summary();
                }));
            }
            start.countDown();
            String first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<String> a : answers) {
                // The very same string: one wording was built and every thread got it.
                assertSame(first, a.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, built.get());
    }

    @Test
    void lazyAndEagerValuesWithTheSameWordsAreEqual() {
        Diagnosis eager = new Diagnosis(DiagnosisCode.ORDERLY, Side.CLIENT, WORDING.summary(), WORDING.detail(),
                WORDING.frames());
        Diagnosis lazy = Diagnosis.lazy(DiagnosisCode.ORDERLY, Side.CLIENT, () -> WORDING);
        assertEquals(eager, lazy);
        assertEquals(eager.hashCode(), lazy.hashCode());
        assertEquals(eager.toString(), lazy.toString());
        assertNotEquals(eager, Diagnosis.lazy(DiagnosisCode.ORDERLY, Side.SERVER, () -> WORDING));
        assertNotEquals(eager, Diagnosis.lazy(DiagnosisCode.ORDERLY, Side.CLIENT,
                () -> new Diagnosis.Wording(WORDING.summary(), WORDING.detail(), List.of(7L))));

        Outcome o = new Outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, "why");
        assertEquals(o, Outcome.lazy(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, () -> "why"));
        assertEquals(o.hashCode(), Outcome.lazy(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, () -> "why").hashCode());
        assertNotEquals(o, Outcome.lazy(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, () -> "other"));
        assertNotEquals(o, Outcome.lazy(Side.SERVER, SocketCall.READ, CallResult.EOF, 7, () -> "why"));
    }

    @Test
    void missingPartsAreRefusedWhenMadeOrWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Diagnosis.lazy(null, Side.CLIENT, () -> WORDING));
        assertThrows(IllegalArgumentException.class, () -> Diagnosis.lazy(DiagnosisCode.ORDERLY, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Diagnosis(DiagnosisCode.ORDERLY, null, null, "detail", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Diagnosis(null, null, "summary", "detail", List.of()));
        Diagnosis nothing = Diagnosis.lazy(DiagnosisCode.ORDERLY, null, () -> null);
        IllegalStateException e = assertThrows(IllegalStateException.class, nothing::summary);
        assertEquals("a lazy value's supplier answered null (expected: a value)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Outcome.lazy(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Outcome(Side.SERVER, SocketCall.READ, CallResult.EOF, 6, (String) null));
    }
}
