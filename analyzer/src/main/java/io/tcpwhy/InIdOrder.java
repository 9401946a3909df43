package io.tcpwhy;

import io.tcpwhy.model.ConnectionReport;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hands reports on in order of connection id (= order of first frame) although the
 * tracker finishes connections in the order they end. A report waits here only while a
 * connection that started earlier is still open.
 */
final class InIdOrder {

    private final Consumer<ConnectionReport> sink;
    private final int idOffset;
    private final Map<Integer, ConnectionReport> waiting = new HashMap<>();
    private int next = 1;

    /** Tracker ids start at 1; reports leave with ids from {@code firstId} on. */
    InIdOrder(int firstId, Consumer<ConnectionReport> sink) {
        this.sink = sink;
        this.idOffset = firstId - 1;
    }

    void add(ConnectionReport report) {
        waiting.put(report.id(), report);
        ConnectionReport r;
        while ((r = waiting.remove(next)) != null) {
            emit(r);
            next++;
        }
    }

    /** End of file: every connection has been finished, so nothing can still be missing. */
    void flush() {
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("connection " + next + " was never finished by the tracker, "
                    + waiting.size() + " later ones wait for it");
        }
    }

    private void emit(ConnectionReport r) {
        sink.accept(r.withId(r.id() + idOffset));
    }
}
