package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.ZeekRecord;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnLogReportTest {

    private static final Instant NOW = Instant.parse("2026-12-02T20:00:00Z");

    private static String render(ConnectionReport... connections) {
        StringWriter out = new StringWriter();
        try (ConnLogReport r = new ConnLogReport(out, () -> NOW, false)) {
            r.startInput("a.pcap");
            for (ConnectionReport c : connections) {
                r.connection(c);
            }
            r.endInput(Fixtures.input("a.pcap"));
            r.finish();
        }
        return out.toString();
    }

    private static ConnectionReport withRecords(ConnectionReport c, List<ZeekRecord> records) {
        return new ConnectionReport(c.id(), c.client(), c.server(), c.rolesInferred(), c.firstFrame(), c.lastFrame(),
                c.startNanos(), c.endNanos(), c.timestampDigits(), c.clientBytes(), c.serverBytes(), c.zeek(), records,
                c.clientState(), c.serverState(), c.timeline(), c.diagnosis(), c.annotations(), c.outcomes(),
                c.segments());
    }

    @Test
    void headerIsZeeksAsciiWriterHeaderWithFieldsAndTypesPairedUp() {
        List<String> lines = render().lines().toList();
        assertEquals("#separator \\x09", lines.get(0));
        assertEquals("#set_separator\t,", lines.get(1));
        assertEquals("#empty_field\t(empty)", lines.get(2));
        assertEquals("#unset_field\t-", lines.get(3));
        assertEquals("#path\tconn", lines.get(4));
        assertEquals("#open\t2026-12-02-20-00-00", lines.get(5));
        assertTrue(lines.get(6).startsWith("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
                + "service\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\t"
                + "history\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\ttcpwhy_id\t"), lines.get(6));
        assertEquals(lines.get(6).split("\t").length, lines.get(7).split("\t").length, "a type for every field");
        assertTrue(lines.get(7).startsWith("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\t"));
        assertEquals("#close\t2026-12-02-20-00-00", lines.get(8));
        assertEquals(9, lines.size());
    }

    @Test
    void oneLinePerZeekRecordWithZeeksValuesThenTcpwhysVerdict() {
        ConnectionReport c = Fixtures.orderly(7);
        ZeekRecord first = new ZeekRecord("S0", "S", Fixtures.CLIENT, Fixtures.SERVER, Fixtures.at(0), Fixtures.at(0),
                1, 0, 0, 1, 60, 0, 0);
        ZeekRecord second = new ZeekRecord("SF", "ShADadFf", Fixtures.CLIENT, Fixtures.SERVER, Fixtures.at(3.5),
                Fixtures.at(4.7505), 9, 100, 200, 6, 420, 4, 420);
        List<String> lines = render(withRecords(c, List.of(first, second))).lines()
                .filter(l -> !l.startsWith("#")).toList();
        assertEquals(2, lines.size());
        String[] a = lines.get(0).split("\t", -1);
        String[] b = lines.get(1).split("\t", -1);
        assertEquals(ConnLogReport.FIELDS.split("\t").length, a.length);
        assertEquals("1700000000.000000", a[0]);
        assertEquals(List.of("10.0.0.1", "40000", "10.0.0.2", "80", "tcp", "-"), List.of(a).subList(2, 8));
        assertEquals(List.of("-", "-", "-", "S0"), List.of(a).subList(8, 12), "no duration: Zeek leaves these unset");
        assertEquals("1700000003.500000", b[0]);
        assertEquals(List.of("1.250500", "100", "200", "SF", "-", "-", "0", "ShADadFf", "6", "420", "4", "420", "-"),
                List.of(b).subList(8, 21));
        assertEquals(List.of("7", "ORDERLY", "client", "F", "(empty)"), List.of(b).subList(21, 26));
        assertEquals(c.diagnosis().summary(), b[26]);
        assertTrue(a[1].matches("C[0-9A-Za-z]{18}"), a[1]);
        assertTrue(!a[1].equals(b[1]), "each record its own uid");
        assertEquals(a[1], ConnLogReport.uid(first), "the uid is the same on every run");
    }

    @Test
    void stringsAreEscapedAsZeekDoesAndEmptyOnesMarked() {
        StringBuilder sb = new StringBuilder();
        ConnLogReport.appendString(sb, "a\tb\\c\n");
        assertEquals("a\\x09b\\x5cc\\x0a", sb.toString());
        assertEquals("(empty)", ConnLogReport.appendString(new StringBuilder(), "").toString());
    }

    @Test
    void problemsAndAnnotationsShowInTheirColumns() {
        String line = render(Fixtures.refused(3)).lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        String[] f = line.split("\t", -1);
        assertEquals("REFUSED", f[22]);
        assertEquals("T", f[24]);
    }
}
