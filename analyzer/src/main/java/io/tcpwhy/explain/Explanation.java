package io.tcpwhy.explain;

import io.tcpwhy.model.CallResult;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.SocketCall;
import java.util.List;

/**
 * The answer to "why did this call fail?" for one connection, ready for any renderer.
 *
 * @param error     the log line asked about, null when only a connection was named
 * @param side      the side that logged (or would log) the error, null when nothing tells
 * @param call      the failing call, null when neither the text nor the capture tells
 * @param outcome   the capture's outcome behind the error, null when the capture shows none
 * @param cause     the segment that caused it (a RST, a FIN, the unanswered SYN), null when not captured
 * @param question  the question, e.g. "Why did the server's read fail with ECONNRESET?"
 * @param answer    one sentence
 * @param undecided what the capture cannot decide and what evidence would, or null
 * @param mismatch  how the capture disagrees with the error text, or null
 * @param others    the other connections that also fit, best first (the best few)
 * @param moreOthers how many more connections fit beyond {@code others}
 */
public record Explanation(ConnectionReport report, ErrorLine error, Side side, CallResult result, SocketCall call,
                          Outcome outcome, SegmentEvidence cause, String question, String answer, String why,
                          String peerApplication, List<String> advice, String undecided, String mismatch,
                          List<Candidate> others, long moreOthers) {

    public Explanation {
        advice = List.copyOf(advice);
        others = List.copyOf(others);
    }
}
