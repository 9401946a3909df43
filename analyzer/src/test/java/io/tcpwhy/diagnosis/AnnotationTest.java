package io.tcpwhy.diagnosis;

import static io.tcpwhy.testing.ConnectionAssert.assertThat;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.Side;
import io.tcpwhy.testing.ScriptedConnections;
import io.tcpwhy.testing.SegmentScript;
import org.junit.jupiter.api.Test;

class AnnotationTest {

    private static final Side CLIENT = Side.CLIENT;
    private static final Side SERVER = Side.SERVER;

    private static SegmentScript handshake() {
        return SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80").client("S").server("SA").client("A");
    }

    @Test
    void sideThatSatInCloseWaitBeforeClosingIsReportedWithHowLong() {
        var r = ScriptedConnections.explain(handshake().client("FA").server("A").at(3).server("FA").client("A"));
        assertThat(r).hasAnnotation(new Annotation.CloseWaitHeld(SERVER, 3.0))
                .detailMentions("held CLOSE_WAIT for 3.000 s");
    }

    @Test
    void promptCloseAfterActivityIsNeitherIdleNorCloseWaitHeld() {
        var r = ScriptedConnections.explain(handshake().client("PA", 5).server("PA", 5).at(0.01).client("FA")
                .server("FA").client("A"));
        assertThat(r).hasNoAnnotation(AnnotationCode.IDLE_BEFORE_CLOSE)
                .hasNoAnnotation(AnnotationCode.CLOSE_WAIT_HELD);
    }

    @Test
    void idleThresholdGrowsWithTheRoundTripOnSlowPaths() {
        // A 200 ms handshake: one second of silence is five round trips, not yet idle; three seconds is.
        var oneSecond = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").at(0.1).server("SA").at(0.2).client("A").at(1.2).client("FA"));
        assertThat(oneSecond).hasNoAnnotation(AnnotationCode.IDLE_BEFORE_CLOSE);
        var threeSeconds = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("S").at(0.1).server("SA").at(0.2).client("A").at(3.2).client("FA"));
        assertThat(threeSeconds).hasAnnotation(new Annotation.IdleBeforeClose(CLIENT, 3.0, false));
    }

    @Test
    void captureWithoutTheClientsSynHasNoHandshake() {
        var r = ScriptedConnections.explain(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .client("PA", 10).server("A"));
        assertThat(r).hasAnnotation(AnnotationCode.NO_HANDSHAKE);
        assertThat(ScriptedConnections.explain(handshake())).hasNoAnnotation(AnnotationCode.NO_HANDSHAKE);
    }

    @Test
    void reusedFourTupleIsAnnotated() {
        assertThat(ScriptedConnections.explainReused(handshake())).hasAnnotation(new Annotation.PortReuse());
        assertThat(ScriptedConnections.explain(handshake())).hasNoAnnotation(AnnotationCode.PORT_REUSE);
    }

    @Test
    void dataSentAgainIsRetransmittedData() {
        var r = ScriptedConnections.explain(handshake().client("PA", 100).at(0.3).resendClient("PA", 1001, 100)
                .server("A"));
        assertThat(r).hasAnnotation(new Annotation.Retransmitted(CLIENT, "DATA"))
                .hasNoAnnotation(AnnotationCode.ZERO_WINDOW);
    }

    @Test
    void segmentFillingAGapIsOutOfOrderNotRetransmitted() {
        var r = ScriptedConnections.explain(handshake()
                .rawClient("PA", 1101, 5001, 100) // the second 100 bytes overtake
                .rawClient("PA", 1001, 5001, 100) // the first 100 bytes
                .server("A"));
        assertThat(r).hasNoAnnotation(AnnotationCode.RETRANSMITTED);
    }

    @Test
    void keepAliveProbeIsNotRetransmittedData() {
        var r = ScriptedConnections.explain(handshake().client("PA", 10).server("A")
                .at(60).rawClient("A", 1010, 5001, 1).server("A"));
        assertThat(r).hasNoAnnotation(AnnotationCode.RETRANSMITTED);
    }

    @Test
    void finSentAgainIsRetransmittedFin() {
        var r = ScriptedConnections.explain(handshake().server("FA").at(0.2).resendServer("FA", 5001, 0)
                .client("A"));
        assertThat(r).hasAnnotation(new Annotation.Retransmitted(SERVER, "FIN"));
    }

    @Test
    void zeroWindowAdvertisementMeansTheApplicationWasNotReading() {
        var r = ScriptedConnections.explain(handshake().client("PA", 1000).window(0).server("A"));
        assertThat(r).hasAnnotation(new Annotation.ZeroWindow(SERVER));
    }

    @Test
    void resetWithSequenceOutsideTheWindowIsAnnotated() {
        var r = ScriptedConnections.explain(handshake().client("PA", 10).server("A")
                .rawClient("R", 1011 + 5_000_000, 0, 0));
        assertThat(r).hasAnnotation(new Annotation.RstOutOfWindow(CLIENT));
    }

    @Test
    void resetAtTheNextExpectedSequenceIsInTheWindow() {
        var r = ScriptedConnections.explain(handshake().client("PA", 10).server("A").client("RA"));
        assertThat(r).hasNoAnnotation(AnnotationCode.RST_OUT_OF_WINDOW);
    }
}
