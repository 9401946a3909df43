package io.tcpwhy.pcap;

import static io.tcpwhy.pcap.PcapngReadingTest.EPB;
import static io.tcpwhy.pcap.PcapngReadingTest.IDB;
import static io.tcpwhy.pcap.PcapngReadingTest.SHB;
import static io.tcpwhy.pcap.PcapngReadingTest.epb;
import static io.tcpwhy.pcap.PcapngReadingTest.idb;
import static io.tcpwhy.pcap.PcapngReadingTest.shb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of damage: the exception type and the message a user reads. */
class BadCaptureTest {

    @TempDir
    Path dir;

    /** A little-endian microsecond pcap header with the given snap length. */
    private static CaptureBytes pcapHeader(long snapLength) {
        return CaptureBytes.little()
                .u32(0xa1b2c3d4)            // magic
                .u16(2).u16(4)              // version 2.4
                .u32(0).u32(0)              // thiszone, sigfigs
                .u32(snapLength)            // snaplen
                .u32(LinkType.EN10MB);      // network
    }

    /** A complete 20-byte record: 16-byte header and 4 bytes of data. */
    private static CaptureBytes record(CaptureBytes b) {
        return b.u32(1_700_000_000L).u32(0).u32(4).u32(4).raw(1, 2, 3, 4);
    }

    /** Reads to the damage; returns the exception after checking that earlier frames came out. */
    private static CaptureFormatException damageAfter(Path file, int goodFrames) throws IOException {
        try (CaptureReader reader = CaptureReader.open(file)) {
            for (int i = 1; i <= goodFrames; i++) {
                assertTrue(reader.next(), "frame " + i + " comes before the damage");
                assertEquals(i, reader.frameNumber());
            }
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertEquals(goodFrames, reader.frameNumber(), "frames before the damage stay counted");
            assertSame(e, assertThrows(CaptureFormatException.class, reader::next), "damage is final");
            return e;
        }
    }

    private static CaptureFormatException notACapture(Path file) {
        return assertThrows(CaptureFormatException.class, () -> CaptureReader.open(file).close());
    }

    // --- not a capture at all ---

    @Test
    void emptyFileIsNotACapture() throws IOException {
        Path file = Files.write(dir.resolve("empty.pcap"), new byte[0]);

        CaptureFormatException e = notACapture(file);

        assertEquals(file + ": byte 0: file is empty (expected a pcap or pcapng file header)", e.getMessage());
    }

    @Test
    void wrongMagicNamesTheBytesFoundAndTheMagicsExpected() throws IOException {
        Path file = CaptureBytes.big().raw(0x7f, 'E', 'L', 'F').zeros(60).writeTo(dir.resolve("a.out"));

        CaptureFormatException e = notACapture(file);

        assertEquals(0, e.byteOffset());
        assertEquals("first 4 bytes are 7f 45 4c 46 (expected a pcap magic a1 b2 c3 d4 or a1 b2 3c 4d in either"
                + " byte order, or a pcapng Section Header Block 0a 0d 0d 0a)", e.problem());
    }

    @Test
    void fileShorterThanAMagicIsCutShort() throws IOException {
        Path file = CaptureBytes.big().raw(0xd4, 0xc3, 0xb2).writeTo(dir.resolve("three.pcap"));

        assertEquals("file header is cut short: 3 bytes (expected at least 4)", notACapture(file).problem());
    }

    @Test
    void truncatedPcapFileHeaderSaysHowMuchWasThere() throws IOException {
        Path file = CaptureBytes.little()
                .u32(0xa1b2c3d4)            // magic
                .u16(2).u16(4)              // version, then the file ends at byte 8
                .writeTo(dir.resolve("short.pcap"));

        CaptureFormatException e = notACapture(file);

        assertEquals(file + ": byte 0: pcap file header is cut short: 8 bytes (expected 24)", e.getMessage());
    }

    @Test
    void unsupportedPcapVersionIsRejected() throws IOException {
        Path file = CaptureBytes.little().u32(0xa1b2c3d4).u16(1).u16(0).zeros(16).writeTo(dir.resolve("v1.pcap"));

        CaptureFormatException e = notACapture(file);

        assertEquals(4, e.byteOffset());
        assertEquals("pcap version 1.0 (expected 2.4)", e.problem());
    }

    // --- classic pcap damage after the header ---

    @Test
    void truncatedRecordHeaderAfterAGoodRecord() throws IOException {
        Path file = record(pcapHeader(65535))   // record 1 at byte 24
                .u32(1_700_000_001L).u16(0).raw(0) // 7 bytes of record 2's header at byte 44
                .writeTo(dir.resolve("hdr.pcap"));

        CaptureFormatException e = damageAfter(file, 1);

        assertEquals(file + ": byte 44: record header is cut short: 7 bytes (expected 16)", e.getMessage());
    }

    @Test
    void recordDataCutByAKilledTcpdumpIsReportedWithWhatWasThere() throws IOException {
        Path file = record(pcapHeader(65535))   // record 1 at byte 24
                .u32(1_700_000_001L).u32(0)
                .u32(100).u32(100)              // record 2 at byte 44 claims 100 bytes
                .zeros(40)                      // only 40 were written
                .writeTo(dir.resolve("killed.pcap"));

        CaptureFormatException e = damageAfter(file, 1);

        assertEquals(file + ": byte 44: record is cut short: it claims 100 bytes, the file ends after 40"
                + " (expected the whole record)", e.getMessage());
    }

    @Test
    void capturedLengthBeyondTheSnapLengthIsDamage() throws IOException {
        Path file = pcapHeader(65535)
                .u32(1_700_000_000L).u32(0)
                .u32(70_000).u32(70_000)        // incl_len above snaplen 65535
                .zeros(70_000)
                .writeTo(dir.resolve("snap.pcap"));

        CaptureFormatException e = damageAfter(file, 0);

        assertEquals(file + ": byte 24: record claims 70000 bytes (expected at most 65535)", e.getMessage());
    }

    @Test
    void absurdCapturedLengthIsDamageEvenWithoutASnapLength() throws IOException {
        Path file = pcapHeader(0)               // snaplen 0: no limit declared
                .u32(1_700_000_000L).u32(0)
                .u32(0xffff_ffffL).u32(0xffff_ffffL)
                .writeTo(dir.resolve("absurd.pcap"));

        CaptureFormatException e = damageAfter(file, 0);

        assertEquals(file + ": byte 24: record claims 4294967295 bytes (expected at most "
                + CaptureReader.MAX_CAPTURED_LENGTH + ")", e.getMessage());
    }

    @Test
    void garbageInTheMiddleOfAPcapStopsAtTheGarbage() throws IOException {
        CaptureBytes b = record(record(pcapHeader(262_144)));  // records at 24 and 44
        for (int i = 0; i < 64; i++) {
            b.u8(0xa5 ^ i * 37);                                 // garbage from byte 64
        }
        record(b);
        Path file = b.writeTo(dir.resolve("garbage.pcap"));

        CaptureFormatException e = damageAfter(file, 2);

        assertEquals(64, e.byteOffset());
        assertTrue(e.problem().matches("record claims \\d+ bytes \\(expected at most 262144\\)"), e.problem());
    }

    // --- pcapng damage ---

    @Test
    void sectionHeaderWithBadByteOrderMagicIsNotACapture() throws IOException {
        Path file = CaptureBytes.little()
                .u32(SHB).u32(28)               // block type, total length
                .raw(0x12, 0x34, 0x56, 0x78)    // byte-order magic: wrong
                .u16(1).u16(0).u64(-1).u32(28)
                .writeTo(dir.resolve("bom.pcapng"));

        CaptureFormatException e = notACapture(file);

        assertEquals(file + ": byte 8: Section Header Block byte-order magic is 12 34 56 78"
                + " (expected 1a 2b 3c 4d or 4d 3c 2b 1a)", e.getMessage());
    }

    @Test
    void unsupportedPcapngVersionIsRejected() throws IOException {
        Path file = CaptureBytes.big()
                .block(SHB, body -> body.u32(0x1a2b3c4d).u16(2).u16(0).u64(-1))
                .writeTo(dir.resolve("v2.pcapng"));

        assertEquals("pcapng version 2.0 (expected 1.0)", notACapture(file).problem());
    }

    @Test
    void blockWhoseTrailingLengthDiffersFromTheLeadingOne() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        idb(b, LinkType.EN10MB, 0);             // bytes 28-47
        b.u32(EPB).u32(36)                      // EPB at byte 48, 36 bytes
                .u32(0).u32(0).u32(1).u32(4).u32(4).raw(1, 2, 3, 4)
                .u32(40);                       // trailing length: 40, not 36
        Path file = b.writeTo(dir.resolve("trailer.pcapng"));

        CaptureFormatException e = damageAfter(file, 0);

        assertEquals(file + ": byte 48: Enhanced Packet Block ends with length 40 (expected 36, its leading length)",
                e.getMessage());
    }

    @Test
    void blockLengthThatIsNotAMultipleOfFour() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        b.u32(0x0000_0bad).u32(14).zeros(6);    // custom block at byte 28 claiming 14 bytes
        Path file = b.writeTo(dir.resolve("align.pcapng"));

        CaptureFormatException e = damageAfter(file, 0);

        assertEquals(file + ": byte 28: block of type 0x00000bad claims 14 bytes (expected a multiple of 4)",
                e.getMessage());
    }

    @Test
    void blockShorterThanTheBlockFraming() throws IOException {
        CaptureBytes b = shb(CaptureBytes.big());
        b.u32(0x0000_0bad).u32(8);              // 8 bytes: no room even for the trailing length
        Path file = b.writeTo(dir.resolve("tiny.pcapng"));

        assertEquals("block of type 0x00000bad claims 8 bytes (expected at least 12)", damageAfter(file, 0).problem());
    }

    @Test
    void packetBlockShorterThanItsFixedFields() throws IOException {
        CaptureBytes b = shb(CaptureBytes.big());
        idb(b, LinkType.EN10MB, 0);
        b.block(EPB, body -> body.u32(0).u32(0).u32(0)); // 24 bytes: no lengths, no data
        Path file = b.writeTo(dir.resolve("shortepb.pcapng"));

        assertEquals("Enhanced Packet Block claims 24 bytes (expected at least 32)", damageAfter(file, 0).problem());
    }

    @Test
    void absurdBlockLengthIsRejectedBeforeAllocating() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        b.u32(EPB).u32(0xffff_fff0L).zeros(40);
        Path file = b.writeTo(dir.resolve("huge.pcapng"));

        assertEquals("Enhanced Packet Block claims 4294967280 bytes (expected at most "
                + PcapngFormat.MAX_BLOCK_LENGTH + ")", damageAfter(file, 0).problem());
    }

    @Test
    void capturedLengthLargerThanItsBlock() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        idb(b, LinkType.EN10MB, 0);
        b.block(EPB, body -> body
                .u32(0).u32(0).u32(0)
                .u32(2000)                      // Captured Packet Length: 2000
                .u32(2000)
                .zeros(8));                     // but the block holds 8
        Path file = b.writeTo(dir.resolve("caplen.pcapng"));

        assertEquals("Enhanced Packet Block claims 2000 captured bytes (expected at most 8, what its 40-byte block"
                + " holds)", damageAfter(file, 0).problem());
    }

    @Test
    void enhancedPacketForAnInterfaceNeverDefined() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        idb(b, LinkType.EN10MB, 0);             // bytes 28-47
        epb(b, 0, 1, new byte[4], 4);           // bytes 48-83
        epb(b, 3, 2, new byte[4], 4);           // byte 84: interface 3
        Path file = b.writeTo(dir.resolve("iface.pcapng"));

        CaptureFormatException e = damageAfter(file, 1);

        assertEquals(file + ": byte 84: Enhanced Packet Block refers to interface 3 (expected 0 to 0, the interfaces"
                + " this section defines)", e.getMessage());
    }

    @Test
    void packetBeforeAnyInterfaceDescription() throws IOException {
        CaptureBytes b = shb(CaptureBytes.big());
        epb(b, 0, 1, new byte[4], 4);
        Path file = b.writeTo(dir.resolve("noiface.pcapng"));

        assertEquals("Enhanced Packet Block refers to interface 0 (expected an Interface Description Block earlier"
                + " in this section)", damageAfter(file, 0).problem());
    }

    @Test
    void interfacesOfAnEarlierSectionAreGoneAfterANewSectionHeader() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        idb(b, LinkType.EN10MB, 0);
        idb(b, LinkType.RAW, 0);
        epb(b, 1, 1, new byte[4], 4);
        shb(b);                                 // new section: no interfaces yet
        epb(b, 1, 2, new byte[4], 4);
        Path file = b.writeTo(dir.resolve("reset.pcapng"));

        assertTrue(damageAfter(file, 1).problem().startsWith("Enhanced Packet Block refers to interface 1"));
    }

    @Test
    void truncatedBlockAtTheEndOfTheFile() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        idb(b, LinkType.EN10MB, 0);             // bytes 28-47
        b.u32(EPB).u32(96).u32(0).u32(0).u32(0).u32(64).u32(64).zeros(10); // 38 of 96 bytes
        Path file = b.writeTo(dir.resolve("cut.pcapng"));

        assertEquals(file + ": byte 48: Enhanced Packet Block is cut short: it claims 96 bytes, the file ends after 38"
                + " (expected the whole block)", damageAfter(file, 0).getMessage());
    }

    @Test
    void truncatedBlockHeaderAtTheEndOfTheFile() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        b.u32(EPB).u8(0);                       // 5 bytes of a block header at byte 28
        Path file = b.writeTo(dir.resolve("cuthdr.pcapng"));

        assertEquals(file + ": byte 28: block header is cut short: 5 bytes (expected 8)",
                damageAfter(file, 0).getMessage());
    }

    @Test
    void garbageInTheMiddleOfAPcapngStopsAtTheGarbage() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        idb(b, LinkType.EN10MB, 0);             // bytes 28-47
        epb(b, 0, 1, new byte[4], 4);           // bytes 48-83
        b.raw(0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54, 0x54, 0x50); // "GET / HTTP" at byte 84
        epb(b, 0, 2, new byte[4], 4);
        Path file = b.writeTo(dir.resolve("garbage.pcapng"));

        CaptureFormatException e = damageAfter(file, 1);

        assertEquals(84, e.byteOffset());
        // "GET " is read as the block type, "/ HT" as its length
        assertEquals("block of type 0x20544547 claims 1414012975 bytes (expected a multiple of 4)", e.problem());
    }

    @Test
    void interfaceOptionRunningPastItsBlock() throws IOException {
        CaptureBytes b = shb(CaptureBytes.big());
        b.block(IDB, body -> body
                .u16(LinkType.EN10MB).u16(0).u32(0)
                .u16(2).u16(200)                // if_name claims 200 bytes at byte 44
                .raw('e', 't', 'h', '0'));
        Path file = b.writeTo(dir.resolve("opt.pcapng"));

        CaptureFormatException e = damageAfter(file, 0);

        assertEquals(44, e.byteOffset());
        assertEquals("Interface Description Block option 2 claims 200 bytes (expected at most 4, what is left of the"
                + " block)", e.problem());
    }

    @Test
    void timestampResolutionFinerThanSixtyFourBitsCanCount() throws IOException {
        CaptureBytes b = shb(CaptureBytes.little());
        b.block(IDB, body -> body
                .u16(LinkType.EN10MB).u16(0).u32(0)
                .u16(9).u16(1).u8(30).zeros(3)); // if_tsresol 10^-30 at value byte 48
        Path file = b.writeTo(dir.resolve("tsresol.pcapng"));

        CaptureFormatException e = damageAfter(file, 0);

        assertEquals(48, e.byteOffset());
        assertEquals("if_tsresol is 10^-30 (expected at most 10^-18 or 2^-63)", e.problem());
    }

    @Test
    void pcapngOfTheOtherByteOrderReportsTheSameDamage() throws IOException {
        CaptureBytes b = shb(CaptureBytes.in(ByteOrder.BIG_ENDIAN));
        idb(b, LinkType.EN10MB, 0);
        b.u32(EPB).u32(36).u32(0).u32(0).u32(1).u32(4).u32(4).raw(1, 2, 3, 4).u32(44);
        Path file = b.writeTo(dir.resolve("trailer-be.pcapng"));

        assertEquals("Enhanced Packet Block ends with length 44 (expected 36, its leading length)",
                damageAfter(file, 0).problem());
    }

    // --- the file system ---

    @Test
    void missingFileIsNoSuchFile() {
        Path file = dir.resolve("nope.pcap");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> CaptureReader.open(file));

        assertEquals(file.toString(), e.getFile());
    }

    @Test
    void directoryIsRefusedWithAMessageSayingSo() {
        IOException e = assertThrows(IOException.class, () -> CaptureReader.open(dir));

        assertEquals(dir + ": is a directory (expected a pcap or pcapng file)", e.getMessage());
    }

    @Test
    void unreadableFileIsAccessDenied() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files without read permission");
        Path file = record(pcapHeader(65535)).writeTo(dir.resolve("secret.pcap"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));

        assertThrows(AccessDeniedException.class, () -> CaptureReader.open(file));
    }
}
