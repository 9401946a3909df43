package io.tcpwhy.lab;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Just enough HTTP/1.1 (RFC 9112) for the lab's keep-alive client to know where a response ends. */
final class HttpHead {

    /** RFC 9112 section 2.1: the head ends with an empty line. */
    private static final String HEAD_END = "\r\n\r\n";
    private static final String CONTENT_LENGTH = "content-length:";

    private HttpHead() {
    }

    /**
     * The whole response's length (head plus Content-Length body) once its head is complete in
     * the first {@code length} bytes of {@code buf}, or -1 while the head is incomplete.
     *
     * @throws IllegalArgumentException a complete head without a valid Content-Length
     */
    static int responseLength(byte[] buf, int length) {
        String text = new String(buf, 0, length, StandardCharsets.ISO_8859_1);
        int end = text.indexOf(HEAD_END);
        if (end < 0) {
            return -1;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(CONTENT_LENGTH)) {
                int body = Integer.parseInt(line.substring(CONTENT_LENGTH.length()).strip());
                if (body < 0) {
                    throw new IllegalArgumentException("Content-Length " + body + " (expected 0 or more)");
                }
                return end + HEAD_END.length() + body;
            }
        }
        throw new IllegalArgumentException("response head without Content-Length (expected one: the lab's servers"
                + " always send it)");
    }
}
