package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.model.Side;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MermaidLadderTest {

    /** 100 data segments between an IPv6 client and server, reset at the end. */
    static ConnectionReport longIpv6Connection() {
        Fixtures f = Fixtures.between("[2001:db8::1]:40000", "[2001:db8::2]:443").exchange();
        for (int i = 0; i < 100; i++) {
            f.at(0.1 + i * 0.01).seg(i % 2 == 0 ? Side.CLIENT : Side.SERVER, "P.", 15 + i * 100L, 40, 100);
        }
        f.at(3).seg(Side.SERVER, "R.", 5000, 6000, 0);
        return f.build(DiagnosisCode.RST_ABORT, Side.SERVER, "The server aborted; it said: \"bye; #1 %% <b>|\"",
                List.of(f.frame()));
    }

    private static List<String> allDiagrams() {
        List<String> diagrams = new ArrayList<>();
        for (DiagnosisCode code : DiagnosisCode.values()) {
            Explanation e = Explainer.explainProblem(Fixtures.of(code));
            diagrams.add(MermaidLadder.diagram(e.report(), e.cause(), Render.causeNote(e)));
        }
        Explanation e = Explainer.explainProblem(longIpv6Connection());
        diagrams.add(MermaidLadder.diagram(e.report(), e.cause(), "note; with #, %% and <tags> & \"quotes\""));
        return diagrams;
    }

    @Test
    void everyFixturesLadderParsesWithMermaid() throws Exception {
        MermaidCheck.assumeAvailable();
        List<String> diagrams = allDiagrams();
        assertEquals(List.of(), MermaidCheck.failures(diagrams), String.join("\n\n", diagrams));
    }

    @Test
    void brokenDiagramsFailTheMermaidCheck() throws Exception {
        MermaidCheck.assumeAvailable();
        List<String> failed = MermaidCheck.failures(List.of(
                "sequenceDiagram\n    C->>: no receiver\n",
                "sequenceDiagram\n    C->>S: an unescaped; semicolon\n",
                "graph TD\n    A-->B\n"));
        assertEquals(3, failed.size(), failed.toString());
        assertTrue(failed.get(2).contains("expected a sequenceDiagram"), failed.get(2));
    }

    @Test
    void ladderNamesBothEndpointsAndDrawsTheResetWithACross() {
        Explanation e = Explainer.explainProblem(Fixtures.of(DiagnosisCode.RST_UNREAD_DATA));
        String d = MermaidLadder.diagram(e.report(), e.cause(), Render.causeNote(e));
        assertTrue(d.startsWith("sequenceDiagram\n    participant C as client 10.0.0.9:56795\n"
                + "    participant S as server 10.0.0.5:20003\n"), d);
        assertTrue(d.contains("    C->>S: frame 1 +0.000s SYN [S] seq=0\n"), d);
        assertTrue(d.contains("    C-xS: frame 8 +1.014s RST [R.] seq=15 ack=40\n"), d);
        assertTrue(d.contains("    Note over S: server read: ECONNRESET\n"), d);
        assertTrue(d.contains("    S-->>C: frame 5 +0.014s ACK [.] seq=1 ack=15\n"), d);
    }

    @Test
    void longConnectionsFoldTheMiddleButKeepControlSegments() {
        String d = MermaidLadder.diagram(longIpv6Connection(), null, null);
        assertTrue(d.contains("Note over C,S: 78 more segments not shown"), d);
        assertTrue(d.contains("RST [R.]"), d);
        assertTrue(d.contains("SYN [S]"), d);
        assertTrue(d.contains("participant C as client [2001:db8::1]:40000"), d);
    }

    @Test
    void escapeTurnsMermaidSyntaxIntoEntityCodes() {
        assertEquals("a#59; b #35;1 #37;#37; #60;x#62; #34;q#34;", MermaidLadder.escape("a; b #1 %% <x> \"q\""));
        assertFalse(MermaidLadder.escape("→ ü").contains("→"));
    }
}
