package io.tcpwhy.explain;

import java.util.List;

/**
 * One row of the {@link CauseTable}: why the peer sent the segment, what its application
 * most likely did, what to change, and what the capture cannot decide. Texts name the
 * sides as {@code {self}} (the side that logged the error) and {@code {peer}}.
 *
 * @param undecided the causes the capture cannot tell apart and the evidence that would, or null
 */
record Cause(String why, String peerApplication, List<String> advice, String undecided) {

    Cause {
        advice = List.copyOf(advice);
    }
}
