package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.DiagnosisCode;
import io.tcpwhy.net.ConnectionKey;
import org.junit.jupiter.api.Test;

class ReportFilterTest {

    @Test
    void allKeepsEveryConnection() {
        assertTrue(ReportFilter.ALL.test(Fixtures.orderly(1)));
        assertTrue(ReportFilter.ALL.test(Fixtures.refused(2)));
    }

    @Test
    void problemsOnlyDropsOrderlyHalfCloseAndOpen() {
        ReportFilter problems = new ReportFilter(true, ReportFilter.ANY_PORT, null);
        for (DiagnosisCode code : DiagnosisCode.values()) {
            boolean kept = problems.test(Fixtures.connection(1, code));
            assertTrue(kept == code.isProblem(), code.name());
        }
    }

    @Test
    void portMatchesEitherEndpoint() {
        assertTrue(new ReportFilter(false, 80, null).test(Fixtures.orderly(1)));
        assertTrue(new ReportFilter(false, 40000, null).test(Fixtures.orderly(1)));
        assertFalse(new ReportFilter(false, 443, null).test(Fixtures.orderly(1)));
    }

    @Test
    void connectionMatchesInEitherOrder() {
        assertTrue(new ReportFilter(false, ReportFilter.ANY_PORT, ConnectionKey.parse("10.0.0.2:80-10.0.0.1:40000"))
                .test(Fixtures.orderly(1)));
        assertFalse(new ReportFilter(false, ReportFilter.ANY_PORT, ConnectionKey.parse("10.0.0.2:80-10.0.0.1:40001"))
                .test(Fixtures.orderly(1)));
    }

    @Test
    void conditionsCombine() {
        assertFalse(new ReportFilter(true, 80, null).test(Fixtures.orderly(1)));
        assertTrue(new ReportFilter(true, 80, null).test(Fixtures.refused(1)));
    }

    @Test
    void portOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ReportFilter(false, 65536, null));
    }
}
