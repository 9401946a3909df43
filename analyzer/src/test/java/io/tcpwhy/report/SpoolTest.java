package io.tcpwhy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void aSpoolDirectoryThatIsMissingIsSaidWithWhatToDo() throws Exception {
        Path missing = dir.resolve("missing");
        try (Spool s = new Spool(0, StandardCharsets.UTF_8, missing)) {
            IOException e = assertThrows(IOException.class, () -> write(s, "a story"));
            assertEquals("cannot create a spool file in " + missing + " (no such directory); a big capture's stories"
                    + " wait there until its table is written: choose another directory with"
                    + " TCPWHY_JAVA_OPTS=-Djava.io.tmpdir=DIR", e.getMessage());
        }
    }

    /** Text written as the report writes it: encoded in the spool's charset, then handed over as bytes. */
    private static void write(Spool s, String text, Charset charset) throws Exception {
        byte[] b = text.getBytes(charset);
        s.write(b, 0, b.length);
    }

    private static void write(Spool s, String text) throws Exception {
        write(s, text, StandardCharsets.UTF_8);
    }

    @Test
    void contentUnderTheLimitStaysInMemory() throws Exception {
        try (Spool s = new Spool(100)) {
            write(s, "hello");
            assertFalse(s.spilled());
            StringWriter out = new StringWriter();
            s.transferTo(out);
            assertEquals("hello", out.toString());
        }
    }

    @Test
    void contentOverTheLimitMovesToAFileAndReadsBackInOrderWithNonAscii() throws Exception {
        try (Spool s = new Spool(4)) {
            write(s, "abc");
            write(s, "défg → 連線");
            assertTrue(s.spilled());
            StringWriter out = new StringWriter();
            s.transferTo(out);
            assertEquals("abcdéfg → 連線", out.toString());
        }
    }

    @Test
    void clearEmptiesForReuse() throws Exception {
        try (Spool s = new Spool(2)) {
            write(s, "first");
            s.clear();
            assertTrue(s.isEmpty());
            write(s, "x");
            StringWriter out = new StringWriter();
            s.transferTo(out);
            assertEquals("x", out.toString());
        }
    }

    @Test
    void spilledContentIsCopiedOntoAByteStreamAsItsBytes() throws Exception {
        try (Spool s = new Spool(4, StandardCharsets.UTF_8)) {
            write(s, "abc");
            write(s, "d\u00e9fg \u00a7 2.17");
            assertTrue(s.spilled());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.transferTo(out);
            assertEquals("abcd\u00e9fg \u00a7 2.17", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void contentExactlyAtTheLimitStaysInMemoryAndOneByteMoreSpills() throws Exception {
        try (Spool s = new Spool(4)) {
            write(s, "abcd");
            assertFalse(s.spilled());
            write(s, "e");
            assertTrue(s.spilled());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.transferTo(out);
            assertEquals("abcde", out.toString(StandardCharsets.UTF_8));
        }
    }

    /** Past the file's read block (a quarter of a mebibyte) the replay comes back whole and in order. */
    @Test
    void aSpillOfManyBlocksReplaysWholeAndInOrder() throws Exception {
        StringBuilder expected = new StringBuilder();
        try (Spool s = new Spool(1000)) {
            for (int i = 0; i < 100_000; i++) {
                String line = "story " + i + " \u00a7\n";
                expected.append(line);
                write(s, line);
            }
            assertTrue(s.spilled());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            s.transferTo(bytes);
            assertEquals(expected.toString(), bytes.toString(StandardCharsets.UTF_8));
            StringWriter chars = new StringWriter();
            s.transferTo(chars);
            assertEquals(expected.toString(), chars.toString());
        }
    }

    @Test
    void aClearedSpillLeavesNoFileAndTakesNewContentInMemory() throws Exception {
        try (Spool s = new Spool(2)) {
            write(s, "spilled");
            assertTrue(s.spilled());
            s.clear();
            assertFalse(s.spilled());
            write(s, "ok");
            assertFalse(s.spilled());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.transferTo(out);
            assertEquals("ok", out.toString(StandardCharsets.UTF_8));
        }
    }
}
