package io.tcpwhy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.Side;
import io.tcpwhy.testing.SegmentScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** History letters and the awkward situations of issue 2, as Zeek records them. */
class HistoryAndSituationsTest {

    private static final String CLIENT = "10.0.0.1:40000";
    private static final String SERVER = "10.0.0.2:5000";

    private static SegmentScript established() {
        return SegmentScript.between(CLIENT, SERVER).client("S").server("SA").client("A");
    }

    private static String history(SegmentScript s) {
        return Tracking.run(s.segments()).only().zeek().history();
    }

    @Test
    void retransmittedDataIsTOnceThenAgainAtTenAndHundred() {
        SegmentScript s = established().client("PA", 100);
        assertEquals("ShADT", history(SegmentScript.between(CLIENT, SERVER).client("S").server("SA").client("A")
                .client("PA", 100).resendClient("PA", 1001, 100)));
        for (int i = 0; i < 100; i++) {
            s.resendClient("PA", 1001, 100);
        }
        assertEquals("ShADTTT", history(s));
    }

    @Test
    void responderRetransmissionIsLowerCaseT() {
        assertEquals("ShAdt", history(established().server("PA", 50).resendServer("PA", 5001, 50)));
    }

    @Test
    void retransmittedSynWithSameIsnAddsNoLetter() {
        assertEquals("S", history(SegmentScript.between(CLIENT, SERVER).client("S").resendClient("S", 1000, 0)));
    }

    @Test
    void retransmittedFinAddsNoSecondF() {
        SegmentScript s = established().client("FA");
        s.resendClient("FA", s.clientNext() - 1, 0);
        assertEquals("ShAF", history(s));
    }

    @Test
    void outOfOrderSegmentFillingAHoleCountsAsRetransmission() {
        // Zeek calls any payload that does not advance the highest sequence seen a retransmission.
        SegmentScript s = SegmentScript.between(CLIENT, SERVER).client("S").server("SA").client("A")
                .rawClient("PA", 1101, 5001, 100).rawClient("PA", 1001, 5001, 100);
        assertEquals("ShADT", history(s));
    }

    @Test
    void acknowledgedDataNeverSeenIsAGap() {
        SegmentScript s = established().rawClient("PA", 1101, 5001, 100).rawServer("A", 5001, 1201, 0);
        assertEquals("ShADaG", history(s));
    }

    /**
     * A capture that lost most of a bulk transfer (Zeek's ftp/bigtransfer trace): each
     * round, 100 bytes arrive after a 900-byte hole; the receiver acks up to them (a gap:
     * the hole) and then 400 bytes past them before any more data shows up (a gap: bytes
     * never seen). Two gaps per round, because the data behind the first ack is delivered
     * when that ack gives up on the hole, not left to look like a third, empty gap.
     */
    private static SegmentScript dataBetweenHolesAckedPast(int rounds) {
        SegmentScript s = established();
        long seq = 1001;
        for (int i = 0; i < rounds; i++) {
            seq += 900;
            s.rawClient("PA", seq, 5001, 100).rawServer("A", 5001, seq, 0).rawServer("A", 5001, seq + 500, 0);
            seq += 100;
        }
        return s;
    }

    @Test
    void fourRoundsOfDataBetweenHolesAreEightGapsSoOneG() {
        assertEquals("ShADaG", history(dataBetweenHolesAckedPast(4)));
    }

    @Test
    void fifthRoundOfDataBetweenHolesMakesTheTenthGapAndTheSecondG() {
        assertEquals("ShADaGG", history(dataBetweenHolesAckedPast(5)));
    }

    @Test
    void zeroWindowIsWPerSideAndAgainAtTen() {
        SegmentScript s = established().window(0).server("A");
        for (int i = 0; i < 9; i++) {
            s.server("A");
        }
        s.client("A");
        assertEquals("ShAawwW", history(s));
    }

    @Test
    void finAndRstTogetherIsIAndSynFinIsQ() {
        assertEquals("ShAI", history(established().client("FRA")));
        assertEquals("Q", history(SegmentScript.between(CLIENT, SERVER).client("SF")));
    }

    @Test
    void synAckFromOriginatorIsUpperCaseH() {
        // Neither port is a likely server port, so the first sender stays the originator.
        TrackedConnection<Tracking.Recorder> c = Tracking.run(
                SegmentScript.between(CLIENT, SERVER).client("SA").segments()).only();
        assertEquals("H", c.zeek().history());
        assertTrue(c.rolesInferred());
    }

    @Test
    void synAckWithoutSynFromServerPortFlipsRolesAndEstablishes() {
        TrackedConnection<Tracking.Recorder> c = Tracking.run(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:88")
                .server("SA").client("A").client("PA", 10).server("PA", 10).segments()).only();
        assertEquals("^hADd", c.zeek().history());
        assertEquals("S1", c.zeek().connState());
        assertEquals("10.0.0.1:40000", c.client().toString());
        assertTrue(c.rolesInferred());
        assertEquals(List.of(Side.SERVER, Side.CLIENT, Side.CLIENT, Side.SERVER), c.observer().sides);
    }

    @Test
    void synAckFirstBetweenUnlikelyPortsFlipsWhenTheOtherSideAnswersWithAnAck() {
        // Zeek: history exactly "H" and the next packet a pure ACK or data from the other side.
        TrackedConnection<Tracking.Recorder> c = Tracking.run(SegmentScript.between("10.0.0.1:50000", "10.0.0.2:40000")
                .server("SA").client("A").client("PA", 10).server("PA", 10).segments()).only();
        assertEquals("^hADd", c.zeek().history());
        assertEquals("S1", c.zeek().connState());
        assertEquals("10.0.0.1:50000", c.client().toString());
        assertEquals(1, c.zeekRecords().size(), "one connection, one record");
        assertEquals(1, c.observer().flips, "the observer learns of the swap after the SYN-ACK");
        assertEquals(List.of(Side.CLIENT, Side.CLIENT, Side.CLIENT, Side.SERVER), c.observer().sides);
    }

    @Test
    void synAckFirstFollowedByDataFlipsToo() {
        TrackedConnection<Tracking.Recorder> c = Tracking.run(SegmentScript.between("10.0.0.1:50000", "10.0.0.2:40000")
                .server("SA").client("PA", 10).server("A").segments()).only();
        assertEquals("^hDa", c.zeek().history());
        assertEquals("10.0.0.1:50000", c.client().toString());
    }

    @Test
    void synAckFirstFollowedByAnotherSynAckOrARstDoesNotFlip() {
        TrackedConnection<Tracking.Recorder> again = Tracking.run(SegmentScript.between("10.0.0.1:50000",
                "10.0.0.2:40000", 1000, 5000).server("SA").at(1).resendServer("SA", 5000, 0).segments()).only();
        assertEquals("H", again.zeek().history());
        TrackedConnection<Tracking.Recorder> reset = Tracking.run(SegmentScript.between("10.0.0.1:50000",
                "10.0.0.2:40000").server("SA").client("R").segments()).only();
        assertFalse(reset.zeek().history().startsWith("^"), reset.zeek().history());
    }

    @Test
    void midConnectionStartFromServerPortIsFlipped() {
        TrackedConnection<Tracking.Recorder> c = Tracking.run(SegmentScript.between("10.0.0.1:40000", "10.0.0.2:80")
                .server("PA", 100).segments()).only();
        assertEquals("^d", c.zeek().history());
        assertEquals("OTH", c.zeek().connState());
        assertTrue(c.rolesInferred());
    }

    @Test
    void synAckSeenBeforeSynFlipsRolesMidConnectionAndTellsTheObserver() {
        // Two capture interfaces can deliver the SYN-ACK first; Zeek swaps the roles when the SYN shows up.
        TrackedConnection<Tracking.Recorder> c = Tracking.run(SegmentScript.between(CLIENT, SERVER)
                .rawServer("SA", 5000, 1001, 0).rawClient("S", 1000, 0, 0).rawClient("A", 1001, 5001, 0)
                .segments()).only();
        assertEquals("10.0.0.1:40000", c.client().toString());
        assertEquals(1, c.observer().flips);
        assertEquals("S1", c.zeek().connState());
    }

    @Test
    void simultaneousOpenSplitsLikeZeekAtTheSecondSyn() {
        // Zeek's IsReuse does not look at direction: a SYN with another ISN on a 4-tuple
        // whose connection has not closed starts a new connection, so a simultaneous open
        // becomes an S0 attempt and a connection led by the second SYN's sender.
        SegmentScript s = SegmentScript.between(CLIENT, SERVER).client("S").server("S")
                .rawClient("SA", 1000, 5001, 0).rawServer("SA", 5000, 1001, 0).client("A").server("A");
        List<TrackedConnection<Tracking.Recorder>> done = Tracking.run(s.segments()).done;
        assertEquals(2, done.size());
        assertEquals("S0 S", done.get(0).zeek().connState() + " " + done.get(0).zeek().history());
        assertEquals("S1 ShaA", done.get(1).zeek().connState() + " " + done.get(1).zeek().history());
        assertEquals("10.0.0.2:5000", done.get(1).client().toString());
        assertTrue(done.get(1).portReuse());
    }

    @Test
    void simultaneousCloseIsSF() {
        SegmentScript s = established();
        long clientFin = s.clientNext();
        long serverFin = s.serverNext();
        s.rawClient("FA", clientFin, serverFin, 0).rawServer("FA", serverFin, clientFin, 0)
                .rawClient("A", clientFin + 1, serverFin + 1, 0).rawServer("A", serverFin + 1, clientFin + 1, 0);
        TrackedConnection<Tracking.Recorder> c = Tracking.run(s.segments()).only();
        assertEquals("ShAFfa", c.zeek().history());
        assertEquals("SF", c.zeek().connState());
    }

    @Test
    void zeroLengthKeepAliveChangesNothing() {
        SegmentScript s = established().client("PA", 10).server("A");
        s.at(60).rawClient("A", s.clientNext() - 1, s.serverNext(), 0).server("A");
        assertEquals("ShADa", history(s));
    }

    @Test
    void rstFarOutsideTheWindowIsStillRecorded() {
        SegmentScript s = established();
        s.rawServer("R", s.serverNext() + 50_000_000L, 0, 0);
        TrackedConnection<Tracking.Recorder> c = Tracking.run(s.segments()).only();
        assertEquals("ShAr", c.zeek().history());
        assertEquals("RSTR", c.zeek().connState());
    }

    @Test
    void bytesCountRetransmissionsOnce() {
        TrackedConnection<Tracking.Recorder> c = Tracking.run(established().client("PA", 100)
                .resendClient("PA", 1001, 100).server("PA", 30).client("FA").server("FA").client("A")
                .segments()).only();
        assertEquals(100, c.clientBytes());
        assertEquals(30, c.serverBytes());
    }
}
