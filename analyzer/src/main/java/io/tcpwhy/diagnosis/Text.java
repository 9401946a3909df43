package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;

import io.tcpwhy.model.Decimal;
import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.net.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The prose of one connection being written: the phrases every explanation repeats
 * ("frame 12", "the client", "3 bytes", "1.250 s") appended straight into one buffer that
 * each thread reuses, so a text costs the String it ends as and nothing more. Building the
 * prose with string concatenation cost a builder per phrase and its growth and copies (on
 * the 1M-frame capture, 5.2 KB allocated per connection for about 1.5 KB of text); shared
 * small methods also compile once instead of inside every rule.
 *
 * <p>The buffer holds ISO-8859-1 bytes, as a String holds a text whose characters are all
 * below U+0100 (every text of tcpwhy's rules: ASCII and the section sign): appending is a
 * copy of the String's own bytes, without StringBuilder's checks and calls around each one,
 * and the String made from the buffer is one copy. A character above U+00FF would come out
 * as another one; with assertions on (the tests), appending one fails.
 *
 * <p>Use: {@link #begin()}, append, {@link #take()} each finished text but the last (the
 * buffer starts again empty), and end with {@link #done()} or {@link #wording}, which give
 * the buffer back to the thread. A text begun while this thread's buffer is in use (prose
 * built inside prose, or after a text that threw before it was done) gets a buffer of its
 * own: slower, never wrong.
 */
final class Text {

    /** Room for the longest detail without growing (longest in 74 captures: 1,472 characters). */
    private static final int INITIAL_CAPACITY = 2048;
    /** A buffer grown past this by some unusual text is not kept for the thread's next one. */
    private static final int KEPT_CAPACITY = 16 * 1024;
    /** What cites a frame: {@code "frame 12"}, not followed by another digit. */
    private static final String FRAME = "frame ";
    private static final byte[] FRAME_BYTES = FRAME.getBytes(StandardCharsets.ISO_8859_1);
    /** Digits of the largest frame number a text cites: 18 cannot overflow a long. */
    private static final int MAX_FRAME_DIGITS = 18;
    /** The most evidence frames a rule names (a diagnosis's detail cites some of them). */
    private static final int MAX_EVIDENCE = 5;
    /** Frames written through {@link #frame} that are remembered; past that, the text is searched. */
    private static final int MAX_WRITTEN = 16;

    private static final String THE_CLIENT = "the " + Side.CLIENT.wire();
    private static final String THE_SERVER = "the " + Side.SERVER.wire();
    private static final String CAPITAL_CLIENT = "The " + Side.CLIENT.wire();
    private static final String CAPITAL_SERVER = "The " + Side.SERVER.wire();

    private static final ThreadLocal<Text> PER_THREAD = ThreadLocal.withInitial(Text::new);

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int length;
    /** Frame numbers written through {@link #frame} since the last take: the detail cites these. */
    private final long[] written = new long[MAX_WRITTEN];
    private int writtenCount;
    private final long[] cited = new long[MAX_EVIDENCE];
    private boolean inUse;

    private Text() {
    }

    /** This thread's buffer, empty; a new one if it is in use already. */
    static Text begin() {
        Text t = PER_THREAD.get();
        if (t.inUse) {
            t = new Text();
        }
        t.inUse = true;
        t.length = 0;
        t.writtenCount = 0;
        return t;
    }

    /** Gives the buffer back to the thread. */
    private void end() {
        inUse = false;
        if (buf.length > KEPT_CAPACITY) {
            PER_THREAD.remove();
        }
    }

    private void room(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): a Latin-1 String's bytes, copied as they are
    Text add(String s) {
        assert latin1(s) : "a character above U+00FF in \"" + s + "\"";
        int n = s.length();
        room(n);
        s.getBytes(0, n, buf, length);
        length += n;
        return this;
    }

    Text add(char c) {
        assert c <= 0xFF : "character U+" + Integer.toHexString(c) + " (expected: at most U+00FF)";
        room(1);
        buf[length++] = (byte) c;
        return this;
    }

    /** {@code n} in decimal, as {@link Long#toString(long)} writes it. */
    Text num(long n) {
        room(Decimal.MAX_LONG_LENGTH);
        length = Decimal.write(buf, length, n);
        return this;
    }

    /** {@code frame 12}: how every text cites a frame. */
    Text frame(long frame) {
        if (writtenCount < MAX_WRITTEN) {
            written[writtenCount++] = frame;
        }
        return add(FRAME).num(frame);
    }

    /** {@code the client}. */
    Text the(Side side) {
        return add(side == Side.CLIENT ? THE_CLIENT : THE_SERVER);
    }

    /** {@code The client}. */
    Text capital(Side side) {
        return add(side == Side.CLIENT ? CAPITAL_CLIENT : CAPITAL_SERVER);
    }

    /** {@code 1 byte}, {@code 12 bytes}. */
    Text bytes(long n) {
        return n == 1 ? add("1 byte") : num(n).add(" bytes");
    }

    /**
     * {@code 1.250 s}: as {@code "%.3f s"} prints it, rounded half up to the millisecond, the
     * form of {@link io.tcpwhy.model.Timestamps#secondsMillis} (TextTest holds the two equal).
     */
    Text seconds(long nanos) {
        room(Decimal.MAX_SECONDS_MILLIS_LENGTH);
        length = Decimal.writeSecondsMillis(buf, length, nanos);
        return add(" s");
    }

    Text state(TcpState state) {
        return add(state.name());
    }

    /** As {@link Endpoint#toString()} writes it; an IPv4 one without the Strings that makes. */
    Text endpoint(Endpoint e) {
        room(Decimal.MAX_ENDPOINT_LENGTH);
        length = Decimal.writeEndpoint(buf, length, e);
        return this;
    }

    /** The text written since the last take, as a String; the buffer is empty again. */
    String take() {
        String s = new String(buf, 0, length, StandardCharsets.ISO_8859_1);
        length = 0;
        writtenCount = 0;
        return s;
    }

    /** The last text: {@link #take()}, and the buffer goes back to the thread. */
    String done() {
        String s = take();
        end();
        return s;
    }

    /** {@link #take()}, without leading or trailing white space (as {@link String#strip()}; the text is Latin-1). */
    private String takeStripped() {
        int from = 0;
        int to = length;
        while (from < to && Character.isWhitespace((char) (buf[from] & 0xFF))) {
            from++;
        }
        while (to > from && Character.isWhitespace((char) (buf[to - 1] & 0xFF))) {
            to--;
        }
        String s = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        length = 0;
        writtenCount = 0;
        return s;
    }

    /** The last text: a diagnosis wording whose detail is what was written since the last take, citing no evidence. */
    Diagnosis.Wording wording(String summary) {
        return wording(summary, NONE, NONE, NONE, NONE, NONE);
    }

    Diagnosis.Wording wording(String summary, long e1, long e2) {
        return wording(summary, e1, e2, NONE, NONE, NONE);
    }

    Diagnosis.Wording wording(String summary, long e1, long e2, long e3) {
        return wording(summary, e1, e2, e3, NONE, NONE);
    }

    Diagnosis.Wording wording(String summary, long e1, long e2, long e3, long e4) {
        return wording(summary, e1, e2, e3, e4, NONE);
    }

    /**
     * The last text: a diagnosis wording of {@code summary}, the text written since the last
     * take as the detail (stripped), and as evidence frames those of {@code e1..e5} (NONE
     * for none) the detail cites, ascending, once each: the two never disagree.
     */
    Diagnosis.Wording wording(String summary, long e1, long e2, long e3, long e4, long e5) {
        int count = 0;
        count = citeIfCited(e1, count);
        count = citeIfCited(e2, count);
        count = citeIfCited(e3, count);
        count = citeIfCited(e4, count);
        count = citeIfCited(e5, count);
        Diagnosis.Wording wording = new Diagnosis.Wording(summary, takeStripped(), frames(count));
        end();
        return wording;
    }

    /** Adds {@code frame} to the cited ones, in order and once, if the text cites it; the new count. */
    private int citeIfCited(long frame, int count) {
        if (frame == NONE || !cites(frame)) {
            return count;
        }
        int at = count;
        while (at > 0 && cited[at - 1] >= frame) {
            if (cited[at - 1] == frame) {
                return count;
            }
            at--;
        }
        System.arraycopy(cited, at, cited, at + 1, count - at);
        cited[at] = frame;
        return count + 1;
    }

    /**
     * Whether the text written since the last take contains {@code frame N}, N not followed
     * by a digit: at once if it was written through {@link #frame} (always followed by a
     * non-digit in the rules' texts), else by searching the text.
     */
    private boolean cites(long frame) {
        for (int i = 0; i < writtenCount; i++) {
            if (written[i] == frame) {
                return true;
            }
        }
        return searchCites(frame);
    }

    private boolean searchCites(long frame) {
        int last = length - FRAME_BYTES.length;
        for (int i = 0; i <= last; i++) {
            if (!startsWithFrame(i)) {
                continue;
            }
            int at = i + FRAME_BYTES.length;
            long n = 0;
            int digits = 0;
            while (at < length && digits <= MAX_FRAME_DIGITS && buf[at] >= '0' && buf[at] <= '9') {
                n = n * 10 + (buf[at] - '0');
                digits++;
                at++;
            }
            if (digits > 0 && digits <= MAX_FRAME_DIGITS && n == frame) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWithFrame(int at) {
        for (int j = 0; j < FRAME_BYTES.length; j++) {
            if (buf[at + j] != FRAME_BYTES[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private List<Long> frames(int count) {
        switch (count) {
            case 0:
                return List.of();
            case 1:
                return List.of(cited[0]);
            case 2:
                return List.of(cited[0], cited[1]);
            case 3:
                return List.of(cited[0], cited[1], cited[2]);
            case 4:
                return List.of(cited[0], cited[1], cited[2], cited[3]);
            default:
                return List.of(cited[0], cited[1], cited[2], cited[3], cited[4]);
        }
    }
}
