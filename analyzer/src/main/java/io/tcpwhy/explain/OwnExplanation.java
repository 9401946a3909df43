package io.tcpwhy.explain;

import io.tcpwhy.model.Side;
import java.util.List;

/**
 * The answer for an error the logging program caused itself or its host returned without a
 * packet (a call on a socket it closed, port exhaustion, no route): what own action causes
 * it and what the capture shows around it.
 *
 * @param side       the side that logged it when the capture tells, else null
 * @param connection the connection on which that side closed itself, else null
 * @param capture    what the capture shows around the error, one fact per entry
 * @param undecided  what the capture cannot decide and what evidence would
 */
public record OwnExplanation(ErrorLine error, OwnAction action, Side side, OwnFindings.OwnClose connection,
                             String question, String answer, List<String> capture, List<String> advice,
                             String undecided) {

    public OwnExplanation {
        capture = List.copyOf(capture);
        advice = List.copyOf(advice);
    }
}
