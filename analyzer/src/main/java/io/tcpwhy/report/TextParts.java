package io.tcpwhy.report;

import io.tcpwhy.model.RuntimeErrors;
import io.tcpwhy.net.Endpoint;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Pieces of the text report that come again and again, as text bytes kept by one writer:
 * the current connection's endpoints (its line and story name each three times) and each
 * runtime wording's block of five lines (one String and five appends per outcome before).
 */
final class TextParts {

    /** Slots of the wording cache, a power of two: there are about ten fixed wordings. */
    private static final int WORDING_SLOTS = 64;
    private static final int RUNTIME_COLUMN = 8;
    private static final String RUNTIME_INDENT = "        ";

    private final Charset charset;
    private final EndpointBytes client;
    private final EndpointBytes server;
    private final RuntimeErrors.Wording[] wordings = new RuntimeErrors.Wording[WORDING_SLOTS];
    private final byte[][] wordingLines = new byte[WORDING_SLOTS][];

    TextParts(Charset charset) {
        this.charset = charset;
        this.client = new EndpointBytes(charset);
        this.server = new EndpointBytes(charset);
    }

    /** The client's endpoint as text, valid until the next call. */
    TextBytes client(Endpoint e) {
        return client.of(e);
    }

    /** The server's endpoint as text, valid until the next call. */
    TextBytes server(Endpoint e) {
        return server.of(e);
    }

    /**
     * The wording in each runtime's words, a line each, {@link RuntimeErrors#RUNTIMES} in
     * the first 8 columns after an indent of 8; kept by identity, the wordings being constants.
     */
    byte[] runtimeLines(RuntimeErrors.Wording wording) {
        int slot = System.identityHashCode(wording) & (WORDING_SLOTS - 1);
        if (wordings[slot] == wording) {
            return wordingLines[slot];
        }
        TextBytes t = new TextBytes(charset, 512);
        List<String> texts = wording.texts();
        for (int i = 0; i < texts.size(); i++) {
            int column = t.append(RUNTIME_INDENT).length();
            t.append(RuntimeErrors.RUNTIMES.get(i)).padRight(column, RUNTIME_COLUMN).ascii(' ')
                    .append(texts.get(i)).ascii('\n');
        }
        byte[] lines = t.toBytes();
        wordings[slot] = wording;
        wordingLines[slot] = lines;
        return lines;
    }
}
