package io.tcpwhy.pcap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng framing (draft-ietf-opsawg-pcapng): blocks of type, length, body and the length
 * again. A Section Header Block sets the byte order of everything up to the next one and
 * starts a fresh list of interfaces; each Interface Description Block adds one (link type,
 * snap length, timestamp unit and offset); Enhanced, Simple and obsolete Packet Blocks
 * carry frames. Other blocks are skipped by their length.
 *
 * <p>The block length frames a record and the trailing copy verifies it, so a captured
 * length beyond the interface's snap length is tolerated here (unlike classic pcap): it
 * cannot desynchronise the reader, and some writers do not keep to the snap length.
 */
final class PcapngFormat extends RecordFormat {

    // Section 3.1: block type, total length, body, total length.
    static final int BLOCK_HEADER_LENGTH = 8;
    private static final int OFFSET_BLOCK_LENGTH = 4;
    private static final int BLOCK_TRAILER_LENGTH = 4;
    private static final int MIN_BLOCK_LENGTH = BLOCK_HEADER_LENGTH + BLOCK_TRAILER_LENGTH;
    private static final int BLOCK_ALIGNMENT = 4;
    /** Largest block accepted: the largest frame plus room for its header and options. */
    static final int MAX_BLOCK_LENGTH = CaptureReader.MAX_CAPTURED_LENGTH + (1 << 20);

    // Section 10.1: block type codes.
    static final int TYPE_SECTION_HEADER = 0x0a0d0d0a;
    private static final int TYPE_INTERFACE_DESCRIPTION = 0x00000001;
    private static final int TYPE_OBSOLETE_PACKET = 0x00000002;
    private static final int TYPE_SIMPLE_PACKET = 0x00000003;
    private static final int TYPE_ENHANCED_PACKET = 0x00000006;

    // Section 4.1: Section Header Block.
    static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int OFFSET_BYTE_ORDER_MAGIC = 8;
    private static final int OFFSET_VERSION_MAJOR = 12;
    private static final int OFFSET_VERSION_MINOR = 14;
    private static final int SUPPORTED_VERSION_MAJOR = 1;
    private static final int SHB_MIN_LENGTH = 28;       // header 8, magic 4, versions 4, section length 8, trailer 4

    // Section 4.2: Interface Description Block.
    private static final int OFFSET_IDB_LINKTYPE = 8;
    private static final int OFFSET_IDB_SNAPLEN = 12;
    private static final int OFFSET_IDB_OPTIONS = 16;
    private static final int IDB_MIN_LENGTH = 20;
    private static final int OPTION_HEADER_LENGTH = 4;
    private static final int OPT_ENDOFOPT = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    private static final int IF_TSOFFSET_LENGTH = 8;

    // Section 4.3: Enhanced Packet Block; appendix A: the obsolete Packet Block shares its layout
    // except for a 16-bit interface id followed by a 16-bit drops count.
    private static final int OFFSET_PACKET_INTERFACE = 8;
    private static final int OFFSET_PACKET_TIMESTAMP = 12;  // high word, then low word
    private static final int OFFSET_PACKET_CAPTURED = 20;
    private static final int OFFSET_PACKET_ORIGINAL = 24;
    private static final int OFFSET_PACKET_DATA = 28;
    private static final int PACKET_MIN_LENGTH = OFFSET_PACKET_DATA + BLOCK_TRAILER_LENGTH;

    // Section 4.4: Simple Packet Block.
    private static final int OFFSET_SPB_ORIGINAL = 8;
    private static final int OFFSET_SPB_DATA = 12;
    private static final int SPB_MIN_LENGTH = OFFSET_SPB_DATA + BLOCK_TRAILER_LENGTH;

    private final List<Interface> interfaces = new ArrayList<>();
    private boolean little;

    /** What an Interface Description Block declared; frames point at it by index. */
    private record Interface(int linkType, long blockOffset, long snapLength, TimestampUnit unit, long offsetNanos) {
    }

    private PcapngFormat(String file, InputWindow in, RawRecordListener listener) {
        super(file, in, listener);
    }

    /** Reads the first Section Header Block; the window stands at offset 0 and holds its type. */
    static PcapngFormat open(String file, InputWindow in, RawRecordListener listener) throws IOException {
        PcapngFormat format = new PcapngFormat(file, in, listener);
        format.readSectionHeader();
        return format;
    }

    @Override
    String name() {
        return "pcapng";
    }

    @Override
    boolean next() throws IOException {
        while (true) {
            if (!in.request(BLOCK_HEADER_LENGTH)) {
                if (in.available() == 0) {
                    return false;
                }
                throw damage(in.offset(in.position()), "block header is cut short: " + in.available()
                        + " bytes (expected " + BLOCK_HEADER_LENGTH + ")");
            }
            int type = in.i32(in.position(), little);
            if (type == TYPE_SECTION_HEADER) {
                readSectionHeader();
                continue;
            }
            int length = frameBlock(type, in.u32(in.position() + OFFSET_BLOCK_LENGTH, little));
            int p = in.position();
            boolean packet = switch (type) {
                case TYPE_ENHANCED_PACKET, TYPE_OBSOLETE_PACKET -> readPacket(type, p, length);
                case TYPE_SIMPLE_PACKET -> readSimplePacket(p, length);
                case TYPE_INTERFACE_DESCRIPTION -> {
                    readInterface(p, length);
                    yield false;
                }
                default -> false;
            };
            listener.record(in.array(), p, length, switch (type) {
                case TYPE_ENHANCED_PACKET, TYPE_OBSOLETE_PACKET -> RawRecordListener.Kind.PCAPNG_PACKET;
                case TYPE_SIMPLE_PACKET -> RawRecordListener.Kind.PCAPNG_SIMPLE_PACKET;
                default -> RawRecordListener.Kind.PCAPNG_OTHER;
            }, little);
            in.skip(length);
            if (packet) {
                return true;
            }
        }
    }

    private void readSectionHeader() throws IOException {
        long blockOffset = in.offset(in.position());
        if (!in.request(OFFSET_BYTE_ORDER_MAGIC + Integer.BYTES)) {
            throw damage(blockOffset, "Section Header Block is cut short: " + in.available()
                    + " bytes (expected at least " + SHB_MIN_LENGTH + ")");
        }
        int magic = in.i32(in.position() + OFFSET_BYTE_ORDER_MAGIC, false);
        if (magic == BYTE_ORDER_MAGIC) {
            little = false;
        } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            little = true;
        } else {
            throw damage(blockOffset + OFFSET_BYTE_ORDER_MAGIC, "Section Header Block byte-order magic is "
                    + CaptureReader.hex(in, in.position() + OFFSET_BYTE_ORDER_MAGIC, Integer.BYTES)
                    + " (expected 1a 2b 3c 4d or 4d 3c 2b 1a)");
        }
        int length = frameBlock(TYPE_SECTION_HEADER, in.u32(in.position() + OFFSET_BLOCK_LENGTH, little));
        int p = in.position();
        int major = in.u16(p + OFFSET_VERSION_MAJOR, little);
        if (major != SUPPORTED_VERSION_MAJOR) {
            throw damage(blockOffset + OFFSET_VERSION_MAJOR, "pcapng version " + major + "."
                    + in.u16(p + OFFSET_VERSION_MINOR, little) + " (expected 1.0)");
        }
        interfaces.clear();
        listener.record(in.array(), p, length, RawRecordListener.Kind.PCAPNG_SECTION_HEADER, little);
        in.skip(length);
    }

    /**
     * Checks a block's leading length, brings the whole block into the window and checks
     * the trailing length against it.
     *
     * @return the block length
     */
    private int frameBlock(int type, long length) throws IOException {
        long blockOffset = in.offset(in.position());
        int minimum = minimumLength(type);
        if (length < minimum) {
            throw damage(blockOffset, blockName(type) + " claims " + length + " bytes (expected at least " + minimum + ")");
        }
        if (length % BLOCK_ALIGNMENT != 0) {
            throw damage(blockOffset, blockName(type) + " claims " + length
                    + " bytes (expected a multiple of " + BLOCK_ALIGNMENT + ")");
        }
        if (length > MAX_BLOCK_LENGTH) {
            throw damage(blockOffset, blockName(type) + " claims " + length + " bytes (expected at most "
                    + MAX_BLOCK_LENGTH + ")");
        }
        int blockLength = (int) length;
        if (!in.request(blockLength)) {
            throw damage(in.offset(in.position()), blockName(type) + " is cut short: it claims " + length
                    + " bytes, the file ends after " + in.available() + " (expected the whole block)");
        }
        int p = in.position();
        long trailing = in.u32(p + blockLength - BLOCK_TRAILER_LENGTH, little);
        if (trailing != length) {
            throw damage(blockOffset, blockName(type) + " ends with length " + trailing + " (expected " + length
                    + ", its leading length)");
        }
        return blockLength;
    }

    private void readInterface(int p, int length) throws CaptureFormatException {
        long blockOffset = in.offset(p);
        int linkType = in.u16(p + OFFSET_IDB_LINKTYPE, little);
        long snapLength = in.u32(p + OFFSET_IDB_SNAPLEN, little);
        TimestampUnit unit = TimestampUnit.MICROSECONDS;
        long offsetSeconds = 0;
        int limit = p + length - BLOCK_TRAILER_LENGTH;
        int o = p + OFFSET_IDB_OPTIONS;
        while (limit - o >= OPTION_HEADER_LENGTH) {
            int code = in.u16(o, little);
            int optionLength = in.u16(o + 2, little);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            int room = limit - o - OPTION_HEADER_LENGTH;
            if (optionLength > room) {
                throw damage(in.offset(o), "Interface Description Block option " + code + " claims " + optionLength
                        + " bytes (expected at most " + room + ", what is left of the block)");
            }
            int value = o + OPTION_HEADER_LENGTH;
            if (code == IF_TSRESOL) {
                if (optionLength < 1) {
                    throw damage(in.offset(o), "if_tsresol option is empty (expected 1 byte)");
                }
                int tsresol = in.u8(value);
                if (!TimestampUnit.isValidTsresol(tsresol)) {
                    throw damage(in.offset(value), "if_tsresol is " + TimestampUnit.describeTsresol(tsresol)
                            + " (expected at most 10^-" + TimestampUnit.MAX_DECIMAL_EXPONENT + " or 2^-"
                            + TimestampUnit.MAX_BINARY_EXPONENT + ")");
                }
                unit = TimestampUnit.ofTsresol(tsresol);
            } else if (code == IF_TSOFFSET) {
                if (optionLength != IF_TSOFFSET_LENGTH) {
                    throw damage(in.offset(o), "if_tsoffset option is " + optionLength + " bytes (expected "
                            + IF_TSOFFSET_LENGTH + ")");
                }
                offsetSeconds = in.i64(value, little);
            }
            o = value + ((optionLength + BLOCK_ALIGNMENT - 1) & -BLOCK_ALIGNMENT);
        }
        interfaces.add(new Interface(linkType, blockOffset, snapLength, unit, offsetSeconds * NANOS_PER_SECOND));
    }

    private boolean readPacket(int type, int p, int length) throws CaptureFormatException {
        long blockOffset = in.offset(p);
        long interfaceId = type == TYPE_ENHANCED_PACKET
                ? in.u32(p + OFFSET_PACKET_INTERFACE, little)
                : in.u16(p + OFFSET_PACKET_INTERFACE, little);
        Interface owner = interfaceFor(type, interfaceId, blockOffset);
        long captured = in.u32(p + OFFSET_PACKET_CAPTURED, little);
        long room = length - PACKET_MIN_LENGTH;
        if (captured > room) {
            throw damage(blockOffset, blockName(type) + " claims " + captured + " captured bytes (expected at most "
                    + room + ", what its " + length + "-byte block holds)");
        }
        if (captured > CaptureReader.MAX_CAPTURED_LENGTH) {
            throw damage(blockOffset, blockName(type) + " claims " + captured + " bytes (expected at most "
                    + CaptureReader.MAX_CAPTURED_LENGTH + ")");
        }
        deliver(owner, blockOffset, p + OFFSET_PACKET_DATA);
        timestampNanos = owner.unit().toNanos(in.highLow64(p + OFFSET_PACKET_TIMESTAMP, little)) + owner.offsetNanos();
        lengths(captured, in.u32(p + OFFSET_PACKET_ORIGINAL, little));
        return true;
    }

    /**
     * A Simple Packet Block belongs to interface 0 and has no timestamp: the frame keeps the
     * previous frame's time, so durations and idle times stay meaningful. Its captured
     * length is what the block holds, bounded by the original length and the snap length.
     */
    private boolean readSimplePacket(int p, int length) throws CaptureFormatException {
        long blockOffset = in.offset(p);
        Interface owner = interfaceFor(TYPE_SIMPLE_PACKET, 0, blockOffset);
        long original = in.u32(p + OFFSET_SPB_ORIGINAL, little);
        long captured = Math.min(original, length - SPB_MIN_LENGTH);
        if (owner.snapLength() > 0) {
            captured = Math.min(captured, owner.snapLength());
        }
        captured = Math.min(captured, CaptureReader.MAX_CAPTURED_LENGTH);
        deliver(owner, blockOffset, p + OFFSET_SPB_DATA);
        lengths(captured, original);
        return true;
    }

    private void deliver(Interface owner, long blockOffset, int data) {
        timestampDigits = owner.unit().digits();
        linkType = owner.linkType();
        linkTypeOffset = owner.blockOffset();
        dataOffset = data;
        recordOffset = blockOffset;
    }

    private Interface interfaceFor(int type, long interfaceId, long blockOffset) throws CaptureFormatException {
        if (interfaceId < interfaces.size()) {
            return interfaces.get((int) interfaceId);
        }
        String expected = interfaces.isEmpty()
                ? "an Interface Description Block earlier in this section"
                : "0 to " + (interfaces.size() - 1) + ", the interfaces this section defines";
        throw damage(blockOffset, blockName(type) + " refers to interface " + interfaceId + " (expected " + expected + ")");
    }

    private static int minimumLength(int type) {
        return switch (type) {
            case TYPE_SECTION_HEADER -> SHB_MIN_LENGTH;
            case TYPE_INTERFACE_DESCRIPTION -> IDB_MIN_LENGTH;
            case TYPE_ENHANCED_PACKET, TYPE_OBSOLETE_PACKET -> PACKET_MIN_LENGTH;
            case TYPE_SIMPLE_PACKET -> SPB_MIN_LENGTH;
            default -> MIN_BLOCK_LENGTH;
        };
    }

    private static String blockName(int type) {
        return switch (type) {
            case TYPE_SECTION_HEADER -> "Section Header Block";
            case TYPE_INTERFACE_DESCRIPTION -> "Interface Description Block";
            case TYPE_ENHANCED_PACKET -> "Enhanced Packet Block";
            case TYPE_SIMPLE_PACKET -> "Simple Packet Block";
            case TYPE_OBSOLETE_PACKET -> "Packet Block";
            default -> String.format("block of type 0x%08x", type);
        };
    }
}
