package io.tcpwhy.explain;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.Side;

/**
 * One connection that may be the one asked about, seen from the side that logged the error.
 *
 * @param side     the side taken to have logged it, null when nothing tells
 * @param outcome  that side's outcome that fits the question, null when none does
 * @param kind     how well the capture's outcomes fit the error: {@link #EXACT}, {@link #COMPATIBLE} or {@link #NONE}
 * @param support  how much more the capture backs the text, ranked after {@code kind}: a write that actually drew
 *                 the RST behind a broken pipe, a diagnosis the text typically goes with (one point each)
 * @param distanceNanos how far the fitting event lies from the asked time; 0 when no time was asked
 * @param pinned   the error text named both endpoints of this very connection
 */
public record Candidate(ConnectionReport report, Side side, Outcome outcome, int kind, int support,
                        long distanceNanos, boolean pinned) {

    /** The side's outcome has the result the error names. */
    public static final int EXACT = 2;
    /** A result the runtime reports under that name (a reset seen by a write, a deadline seen as idling). */
    public static final int COMPATIBLE = 1;
    public static final int NONE = 0;

    /** Whether this connection can be the one behind the error. */
    public boolean fits() {
        return kind > NONE || pinned;
    }
}
