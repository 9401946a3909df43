package io.tcpwhy.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.decode.TcpOptions;
import io.tcpwhy.decode.TcpSegment;
import io.tcpwhy.model.SegmentEvidence;
import io.tcpwhy.model.Side;
import io.tcpwhy.net.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flat segment log against the plain rule it keeps: head, control segments in between (capped), tail. */
class SegmentLogTest {

    private static final Endpoint CLIENT = Endpoint.parse("10.0.0.1:40000");
    private static final Endpoint SERVER = Endpoint.parse("10.0.0.2:80");

    @Test
    void keepsHeadControlAndTailAsThePlainRuleSaysAndFlipsEverySide() {
        for (int total : new int[] {1, SegmentLog.HEAD, SegmentLog.HEAD + 1, SegmentLog.HEAD + SegmentLog.TAIL + 1, 500}) {
            Random random = new Random(total);
            SegmentLog log = new SegmentLog();
            List<SegmentEvidence> all = new ArrayList<>();
            for (int i = 1; i <= total; i++) {
                int flags = random.nextInt(5) == 0 ? TcpSegment.FIN | TcpSegment.ACK
                        : random.nextInt(7) == 0 ? TcpSegment.RST : TcpSegment.ACK | TcpSegment.PSH;
                Side from = random.nextBoolean() ? Side.CLIENT : Side.SERVER;
                int payload = random.nextInt(70_000);
                int window = random.nextInt(65_536);
                long seq = random.nextLong() & 0xFFFF_FFFFL;
                long ack = random.nextLong() & 0xFFFF_FFFFL;
                TcpSegment s = new TcpSegment(i, 1_000L * i, from == Side.CLIENT ? CLIENT : SERVER,
                        from == Side.CLIENT ? SERVER : CLIENT, seq, ack, flags, window, payload, 0, 40 + payload, 64,
                        TcpSegment.NO_IP_ID, TcpOptions.NONE);
                log.add(s, from);
                // Without bases the relative numbers are -1: the raw ones are checked through a base of 0 below.
                all.add(new SegmentEvidence(i, 1_000L * i, from.opposite(), s.flagString(), seq, ack, payload, window));
            }
            log.flipRoles();
            EndpointTrack zero = new EndpointTrack();
            zero.base = 0;
            List<SegmentEvidence> kept = log.evidence(zero, zero);
            List<SegmentEvidence> expected = plainRule(all);
            assertEquals(expected.size(), kept.size(), total + " segments");
            for (int i = 0; i < kept.size(); i++) {
                SegmentEvidence e = expected.get(i);
                SegmentEvidence k = kept.get(i);
                long relAck = e.flags().contains(".") ? SeqMath.relative(e.relAck(), 0) : -1;
                assertEquals(new SegmentEvidence(e.frame(), e.timeNanos(), e.from(), e.flags(),
                        SeqMath.relative(e.relSeq(), 0), relAck, e.payloadLength(), e.window()), k,
                        "kept segment " + i + " of " + total);
            }
            assertEquals(all.size() - expected.size(), log.omitted(), total + " segments");
        }
    }

    private static List<SegmentEvidence> plainRule(List<SegmentEvidence> all) {
        int head = Math.min(SegmentLog.HEAD, all.size());
        int tailFrom = Math.max(head, all.size() - SegmentLog.TAIL);
        List<SegmentEvidence> out = new ArrayList<>(all.subList(0, head));
        int control = 0;
        for (SegmentEvidence e : all.subList(head, tailFrom)) {
            boolean isControl = e.flags().contains("F") || e.flags().contains("R") || e.flags().contains("S");
            if (isControl && control < SegmentLog.MAX_CONTROL) {
                out.add(e);
                control++;
            }
        }
        out.addAll(all.subList(tailFrom, all.size()));
        return out;
    }
}
