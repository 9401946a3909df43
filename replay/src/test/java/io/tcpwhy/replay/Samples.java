package io.tcpwhy.replay;

import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded samples of module samples, found from this module's directory. */
final class Samples {

    static final Path DIR = Path.of("..", "samples");

    private Samples() {
    }

    static Path pcap(String name) {
        Path p = DIR.resolve(name + ".pcap");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("sample " + p.toAbsolutePath() + " is missing");
        }
        return p;
    }
}
