package io.tcpwhy.replay;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.Outcome;
import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * How one connection ended, as compared between the original and its replay: the
 * diagnosis, who closed first and how, each side's last state and socket-call outcomes,
 * Zeek's conn_state and history.
 */
public record Summary(String diagnosis, String closing, String clientState, String serverState, String connState,
                      String history, List<String> clientOutcomes, List<String> serverOutcomes) {

    public Summary {
        clientOutcomes = List.copyOf(clientOutcomes);
        serverOutcomes = List.copyOf(serverOutcomes);
    }

    static Summary of(Recording r) {
        ConnectionReport c = r.report();
        return new Summary(c.diagnosis().code().name(), r.closing(), c.clientState().wire(), c.serverState().wire(),
                c.zeek().connState(), c.zeek().history(), outcomes(c, Side.CLIENT), outcomes(c, Side.SERVER));
    }

    private static List<String> outcomes(ConnectionReport c, Side side) {
        List<String> out = new ArrayList<>();
        for (Outcome o : c.outcomes()) {
            if (o.side() == side) {
                out.add(o.call().wire() + " " + o.result().name());
            }
        }
        return out;
    }

    List<String> outcomes(Side side) {
        return side == Side.CLIENT ? clientOutcomes : serverOutcomes;
    }

    String state(Side side) {
        return side == Side.CLIENT ? clientState : serverState;
    }
}
