package io.tcpwhy.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.net.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parses lines recorded on this project's Linux 6.18 machine (python-loopback-6.18.trace: a
 * refused connect, a close with unread data, a write after the peer's close, a linger-0 abort,
 * an orderly close and a refused IPv6 connect, all on port 5555).
 */
class TraceLineParserTest {

    private static List<KernelEvent> fixture() throws IOException, KernelTraceException {
        List<KernelEvent> events = new ArrayList<>();
        try (InputStream in = TraceLineParserTest.class.getResourceAsStream("python-loopback-6.18.trace")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (TraceLineParser.parse(line) instanceof TraceLine.Event e) {
                    events.add(e.event());
                }
            }
        }
        return events;
    }

    private static KernelEvent event(String line) throws KernelTraceException {
        return assertInstanceOf(TraceLine.Event.class, TraceLineParser.parse(line)).event();
    }

    @Test
    void everyRecordedLineParses_andEachEventTypeAppears() throws Exception {
        List<KernelEvent> events = fixture();
        assertEquals(60, events.size(), "every line of the recording is one of our events");
        for (KernelEventType t : KernelEventType.values()) {
            if (t != KernelEventType.RETRANSMIT) {
                assertTrue(events.stream().anyMatch(e -> e.type() == t), "a " + t + " among the recorded lines");
            }
        }
        assertTrue(events.stream().allMatch(e -> e.touches(5555)), "every recorded event is of port 5555");
    }

    @Test
    void sendResetWithoutSocket_senderIsTheClosedPortAndReasonNoSocket() throws Exception {
        KernelEvent e = event("         python3-11449   [000] ..s1.  4435.425776: tcp_send_reset: skbaddr=00000000122a91e8"
                + " skaddr=0000000000000000 src=127.0.0.1:5555 dest=127.0.0.1:56088 state=UNKNOWN reason=NO_SOCKET");
        assertEquals(KernelEventType.SEND_RESET, e.type());
        assertEquals(Endpoint.parse("127.0.0.1:5555"), e.local());
        assertEquals(Endpoint.parse("127.0.0.1:56088"), e.remote());
        assertEquals(KernelTcpState.UNKNOWN, e.state());
        assertEquals("NO_SOCKET", e.reason());
        assertEquals(4_435_425_776_000L, e.traceNanos());
        assertEquals(11449, e.pid());
        assertEquals("python3", e.command());
        assertTrue(e.inSoftirq(), "flags ..s1. say softirq");
    }

    @Test
    void sendResetOfAClosedSocket_taskContextAndAbortOnClose() throws Exception {
        KernelEvent e = event("         python3-11449   [000] .....  4435.476238: tcp_send_reset: skbaddr=0000000000000000"
                + " skaddr=00000000abd3126d src=127.0.0.1:56090 dest=127.0.0.1:5555 state=TCP_CLOSE reason=TCP_ABORT_ON_CLOSE");
        assertEquals("TCP_ABORT_ON_CLOSE", e.reason());
        assertEquals(KernelTcpState.TCP_CLOSE, e.state());
        assertFalse(e.inSoftirq());
    }

    @Test
    void setState_oldAndNewStateAndTheSocketsOwnPortFirst() throws Exception {
        KernelEvent e = event("          <idle>-0       [000] ..s2.  4435.528036: inet_sock_set_state: family=AF_INET"
                + " protocol=IPPROTO_TCP sport=56100 dport=5555 saddr=127.0.0.1 daddr=127.0.0.1"
                + " saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 oldstate=TCP_FIN_WAIT1 newstate=TCP_FIN_WAIT2");
        assertEquals(KernelTcpState.TCP_FIN_WAIT1, e.oldState());
        assertEquals(KernelTcpState.TCP_FIN_WAIT2, e.state());
        assertEquals(Endpoint.parse("127.0.0.1:56100"), e.local());
        assertEquals("<idle>", e.command());
        assertEquals(0, e.pid());
    }

    @Test
    void errorReport_errnoAndIpv6Addresses() throws Exception {
        KernelEvent e = event("         python3-11449   [000] .....  4435.778794: inet_sk_error_report: family=AF_INET6"
                + " protocol=IPPROTO_TCP sport=51034 dport=5555 saddr=0.0.0.0 daddr=0.0.0.0 saddrv6=::1 daddrv6=::1 error=111");
        assertEquals(111, e.errno());
        assertEquals(Endpoint.parse("[::1]:51034"), e.local());
        assertEquals(Endpoint.parse("[::1]:5555"), e.remote());
    }

    @Test
    void v4MappedAddressOfADualStackSocket_isTheIpv4AddressTheWireCarries() throws Exception {
        KernelEvent e = event("            java-17877   [001] ..s2.  4823.656416: inet_sk_error_report: family=AF_INET6"
                + " protocol=IPPROTO_TCP sport=45661 dport=53820 saddr=0.0.0.0 daddr=0.0.0.0"
                + " saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 error=32");
        assertEquals(Endpoint.parse("127.0.0.1:45661"), e.local());
        KernelEvent rst = event("            java-17877   [001] .....  4823.656419: tcp_send_reset: skbaddr=0000000000000000"
                + " skaddr=00000000abd3126d src=[::ffff:127.0.0.1]:53820 dest=[::ffff:127.0.0.1]:45661 state=TCP_CLOSE"
                + " reason=TCP_ABORT_ON_CLOSE");
        assertEquals(Endpoint.parse("127.0.0.1:53820"), rst.local());
    }

    @Test
    void commandWithSpacesAndDashes_pidIsTheLastNumberBeforeTheCpu() throws Exception {
        KernelEvent e = event(" kworker/u8:3-events unbound-123   [001] d.s3.  1.000001: tcp_receive_reset: family=AF_INET"
                + " sport=1 dport=2 saddr=10.0.0.1 daddr=10.0.0.2 saddrv6=::ffff:10.0.0.1 daddrv6=::ffff:10.0.0.2 sock_cookie=1");
        assertEquals("kworker/u8:3-events unbound", e.command());
        assertEquals(123, e.pid());
        assertEquals(1_000_001_000L, e.traceNanos());
    }

    @Test
    void sendResetOfAKernelBeforeReasons_reasonIsEmpty() throws Exception {
        // Linux 6.1's print fmt: no reason= field.
        KernelEvent e = event("            curl-812     [002] ..s1.   77.123456: tcp_send_reset: skbaddr=000000001 skaddr=000000002"
                + " src=10.0.0.1:80 dest=10.0.0.2:40000 state=TCP_ESTABLISHED");
        assertEquals("", e.reason());
    }

    @Test
    void markerLostAndOtherEvents() throws Exception {
        TraceLine.Marker m = assertInstanceOf(TraceLine.Marker.class, TraceLineParser.parse(
                "            bash-12649   [000] ...1.  4541.777154: tracing_mark_write: tcpwhy-sync"));
        assertEquals("tcpwhy-sync", m.text());
        assertEquals(4_541_777_154_000L, m.traceNanos());
        TraceLine.Lost lost = assertInstanceOf(TraceLine.Lost.class, TraceLineParser.parse("CPU:1 [LOST 42 EVENTS]"));
        assertEquals(42, lost.count());
        assertEquals(1, lost.cpu());
        assertInstanceOf(TraceLine.Other.class, TraceLineParser.parse(
                "          <idle>-0       [000] ..s2.  1.000000: sched_switch: prev_comm=x"));
        assertInstanceOf(TraceLine.Other.class, TraceLineParser.parse("# tracer: nop"));
    }

    @Test
    void notATraceLine_isRefusedQuotingIt() {
        KernelTraceException e = assertThrows(KernelTraceException.class, () -> TraceLineParser.parse("hello world"));
        assertEquals("trace line 'hello world' is not COMM-PID [CPU] FLAGS SECONDS.FRACTION: EVENT: FIELDS",
                e.getMessage());
    }

    @Test
    void fieldMissing_isRefusedNamingTheFieldAndTheEvent() {
        KernelTraceException e = assertThrows(KernelTraceException.class, () -> TraceLineParser.parse(
                "            x-1     [000] .....  1.000000: inet_sk_error_report: family=AF_INET sport=1 dport=2"
                        + " saddr=10.0.0.1 daddr=10.0.0.2"));
        assertTrue(e.getMessage().startsWith("inet_sk_error_report line '")
                && e.getMessage().endsWith("': field 'error' missing (expected the print fmt of Linux 6.x)"), e.getMessage());
    }

    @Test
    void unknownState_isRefusedNamingIt() {
        KernelTraceException e = assertThrows(KernelTraceException.class, () -> TraceLineParser.parse(
                "            x-1     [000] .....  1.000000: inet_sock_set_state: family=AF_INET sport=1 dport=2"
                        + " saddr=10.0.0.1 daddr=10.0.0.2 oldstate=TCP_CLOSE newstate=TCP_BOGUS"));
        assertTrue(e.getMessage().contains("unknown socket state 'TCP_BOGUS'"), e.getMessage());
    }

    @Test
    void badPort_isRefusedNamingTheField() {
        KernelTraceException e = assertThrows(KernelTraceException.class, () -> TraceLineParser.parse(
                "            x-1     [000] .....  1.000000: tcp_destroy_sock: family=AF_INET sport=x dport=2"
                        + " saddr=10.0.0.1 daddr=10.0.0.2"));
        assertTrue(e.getMessage().endsWith("field 'sport' is 'x' (expected a decimal number)"), e.getMessage());
    }
}
