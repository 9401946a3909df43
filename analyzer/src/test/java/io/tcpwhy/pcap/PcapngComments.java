package io.tcpwhy.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packet comments of a pcapng file by 1-based frame number, read by a walker of its
 * own (draft-ietf-opsawg-pcapng sections 3.1, 3.5, 4.3) so that the writer is not checked
 * against itself. Test files are small: read whole.
 */
public final class PcapngComments {

    private static final int SHB = 0x0a0d0d0a;
    private static final int OPB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int OPT_COMMENT = 1;

    private PcapngComments() {
    }

    /** Frame number to its opt_comment values in order; frames without comments are absent. */
    public static Map<Long, List<String>> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        Map<Long, List<String>> comments = new LinkedHashMap<>();
        long frame = 0;
        int p = 0;
        while (p + 12 <= b.limit()) {
            if (b.getInt(p) == SHB) { // a palindrome: the same in either order
                b.order(ByteOrder.BIG_ENDIAN);
                b.order(b.getInt(p + 8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            }
            int type = b.getInt(p);
            int length = b.getInt(p + 4);
            if (type == EPB || type == OPB || type == SPB) {
                frame++;
            }
            if (type == EPB || type == OPB) {
                int captured = b.getInt(p + 20);
                int o = p + 28 + ((captured + 3) & -4);
                int end = p + length - 4;
                while (o + 4 <= end) {
                    int code = b.getShort(o) & 0xffff;
                    int optionLength = b.getShort(o + 2) & 0xffff;
                    if (code == 0) {
                        break;
                    }
                    if (code == OPT_COMMENT) {
                        comments.computeIfAbsent(frame, f -> new ArrayList<>())
                                .add(new String(b.array(), o + 4, optionLength, StandardCharsets.UTF_8));
                    }
                    o += 4 + ((optionLength + 3) & -4);
                }
            }
            p += length;
        }
        return comments;
    }
}
