package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

    @Test
    void spilledContentIsCopiedOntoAByteStreamAsItsBytes() throws Exception {
        try (Spool s = new Spool(4, StandardCharsets.UTF_8)) {
            s.write("abc");
            s.write("d\u00e9fg \u00a7 2.17");
            assertTrue(s.spilled());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.transferTo(out);
            assertEquals("abcd\u00e9fg \u00a7 2.17", out.toString(StandardCharsets.UTF_8));
        }
    }

    /** A terminal in ASCII gets what a writer in ASCII would give it. */
    @Test
    void whatTheCharsetCannotEncodeReadsAsAQuestionMark() throws Exception {
        for (int limit : new int[] {100, 1}) {
            try (Spool s = new Spool(limit, StandardCharsets.US_ASCII)) {
                s.write("RFC 1122 \u00a7 4.2.2.13");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                s.transferTo(out);
                assertEquals("RFC 1122 ? 4.2.2.13", out.toString(StandardCharsets.US_ASCII), "limit " + limit);
            }
        }
    }
}
