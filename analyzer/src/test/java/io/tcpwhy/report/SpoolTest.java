package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SpoolTest {

    @Test
    void contentUnderTheLimitStaysInMemory() throws Exception {
        try (Spool s = new Spool(100)) {
            s.write("hello");
            assertFalse(s.spilled());
            StringWriter out = new StringWriter();
            s.transferTo(out);
            assertEquals("hello", out.toString());
        }
    }

    @Test
    void contentOverTheLimitMovesToAFileAndReadsBackInOrderWithNonAscii() throws Exception {
        try (Spool s = new Spool(4)) {
            s.write("abc");
            s.write("défg → 連線");
            assertTrue(s.spilled());
            StringWriter out = new StringWriter();
            s.transferTo(out);
            assertEquals("abcdéfg → 連線", out.toString());
        }
    }

    @Test
    void clearEmptiesForReuse() throws Exception {
        try (Spool s = new Spool(2)) {
            s.write("first");
            s.clear();
            assertTrue(s.isEmpty());
            s.write("x");
            StringWriter out = new StringWriter();
            s.transferTo(out);
            assertEquals("x", out.toString());
        }
    }
}
