package io.tcpwhy.diagnosis;

import static io.tcpwhy.diagnosis.EndpointTrack.NONE;

import io.tcpwhy.model.Diagnosis;
import io.tcpwhy.model.Side;
import io.tcpwhy.model.TcpState;
import io.tcpwhy.model.Timestamps;
import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.util.List;

/**
 * The prose of one connection being written: the phrases every explanation repeats
 * ("frame 12", "the client", "3 bytes", "1.250 s") appended straight into one builder that
 * each thread reuses, so a text costs the String it ends as and nothing more. Building the
 * prose with string concatenation cost a builder per phrase and its growth and copies (on
 * the 1M-frame capture, 5.2 KB allocated per connection for about 1.5 KB of text); shared
 * small methods also compile once instead of inside every rule.
 *
 * <p>Use: {@link #begin()}, append, {@link #take()} each finished text but the last (the
 * builder starts again empty), and end with {@link #done()} or {@link #wording}, which give
 * the builder back to the thread. A text begun while this thread's builder is in use (prose
 * built inside prose, or after a text that threw before it was done) gets a builder of its
 * own: slower, never wrong.
 */
final class Text {

    /** Room for the longest detail without growing (the longest in the samples is about 1,100 characters). */
    private static final int INITIAL_CAPACITY = 2048;
    /** A builder grown past this by some unusual text is not kept for the thread's next one. */
    private static final int KEPT_CAPACITY = 16 * 1024;
    /** The most evidence frames a rule names (a diagnosis's detail cites some of them). */
    static final int MAX_EVIDENCE = 5;
    /** What cites a frame: {@code "frame 12"}, not followed by another digit. */
    private static final String FRAME = "frame ";
    /** Digits of the largest frame number a text cites: a long has at most 19. */
    private static final int MAX_FRAME_DIGITS = 18;

    private static final ThreadLocal<Text> PER_THREAD = ThreadLocal.withInitial(Text::new);

    private final StringBuilder sb = new StringBuilder(INITIAL_CAPACITY);
    private final long[] cited = new long[MAX_EVIDENCE];
    private boolean inUse;

    private Text() {
    }

    /** This thread's builder, empty; a new one if it is in use already. */
    static Text begin() {
        Text t = PER_THREAD.get();
        if (t.inUse) {
            t = new Text();
        }
        t.inUse = true;
        t.sb.setLength(0);
        return t;
    }

    /** Gives the builder back to the thread. */
    private void end() {
        inUse = false;
        if (sb.capacity() > KEPT_CAPACITY) {
            PER_THREAD.remove();
        }
    }

    Text add(String s) {
        sb.append(s);
        return this;
    }

    Text add(char c) {
        sb.append(c);
        return this;
    }

    Text num(long n) {
        sb.append(n);
        return this;
    }

    /** {@code frame 12}: how every text cites a frame. */
    Text frame(long frame) {
        sb.append(FRAME).append(frame);
        return this;
    }

    /** {@code the client}. */
    Text the(Side side) {
        sb.append("the ").append(side.wire());
        return this;
    }

    /** {@code The client}. */
    Text capital(Side side) {
        sb.append("The ").append(side.wire());
        return this;
    }

    /** {@code 1 byte}, {@code 12 bytes}. */
    Text bytes(long n) {
        if (n == 1) {
            sb.append("1 byte");
        } else {
            sb.append(n).append(" bytes");
        }
        return this;
    }

    /** {@code 1.250 s}: as {@code "%.3f s"} prints it. */
    Text seconds(long nanos) {
        Timestamps.appendSecondsMillis(sb, nanos).append(" s");
        return this;
    }

    Text state(TcpState state) {
        sb.append(state.name());
        return this;
    }

    /** As {@link Endpoint#toString()} writes it; an IPv4 one without the Strings that makes. */
    Text endpoint(Endpoint e) {
        IpAddress a = e.address();
        if (a.v6()) {
            sb.append(e);
            return this;
        }
        long ip = a.low();
        sb.append(ip >>> 24).append('.').append((ip >>> 16) & 0xFF).append('.').append((ip >>> 8) & 0xFF).append('.')
                .append(ip & 0xFF).append(':').append(e.port());
        return this;
    }

    /** The text written since the last take, as a String; the builder is empty again. */
    String take() {
        String s = sb.toString();
        sb.setLength(0);
        return s;
    }

    /** The last text: {@link #take()}, and the builder goes back to the thread. */
    String done() {
        String s = take();
        end();
        return s;
    }

    /** {@link #take()}, without leading or trailing white space (as {@link String#strip()}). */
    String takeStripped() {
        int from = 0;
        int to = sb.length();
        while (from < to && Character.isWhitespace(sb.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(sb.charAt(to - 1))) {
            to--;
        }
        String s = sb.substring(from, to);
        sb.setLength(0);
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
     * The last text: a diagnosis wording of {@code summary}, the text written since the last take as the
     * detail (stripped), and as evidence frames those of {@code e1..e5} (NONE for none) the
     * detail cites, ascending, once each: the two never disagree.
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

    /** Whether the text written since the last take contains {@code frame N}, N not followed by a digit. */
    boolean cites(long frame) {
        int length = sb.length();
        for (int i = sb.indexOf(FRAME); i >= 0; i = sb.indexOf(FRAME, i + 1)) {
            int at = i + FRAME.length();
            long n = 0;
            int digits = 0;
            while (at < length && digits <= MAX_FRAME_DIGITS) {
                char c = sb.charAt(at);
                if (c < '0' || c > '9') {
                    break;
                }
                n = n * 10 + (c - '0');
                digits++;
                at++;
            }
            if (digits > 0 && digits <= MAX_FRAME_DIGITS && n == frame) {
                return true;
            }
        }
        return false;
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
