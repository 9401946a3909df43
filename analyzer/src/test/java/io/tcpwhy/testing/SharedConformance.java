package io.tcpwhy.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Zeek's conformance set lives: in the repository, under the analyzer's test resources
 * ({@code analyzer/src/test/resources/conformance/zeek}, see its README and COPYING), or
 * {@code -Dtcpwhy.zeek.conformance=DIR} to run the same tests on another copy of the set. The set
 * is part of the repository, so a missing one is a broken checkout: the calling test fails,
 * it never skips.
 */
public final class SharedConformance {

    /** The set's folder on the test class path (Maven copies test resources to target/test-classes). */
    static final String RESOURCE = "/conformance/zeek";
    static final String OVERRIDE_PROPERTY = "tcpwhy.zeek.conformance";

    private SharedConformance() {
    }

    /** The conformance folder; throws when the set is absent, saying where it was looked for. */
    public static Path zeek() {
        String override = System.getProperty(OVERRIDE_PROPERTY);
        Path dir = override != null ? Path.of(override) : onClassPath();
        if (!Files.isRegularFile(dir.resolve("pairs.tsv"))) {
            throw new IllegalStateException("Zeek conformance set not found at " + dir
                    + " (expected pairs.tsv there: analyzer/src/test/resources" + RESOURCE
                    + ", or -D" + OVERRIDE_PROPERTY + "=DIR)");
        }
        return dir;
    }

    private static Path onClassPath() {
        URL pairs = SharedConformance.class.getResource(RESOURCE + "/pairs.tsv");
        if (pairs == null) {
            throw new IllegalStateException("Zeek conformance set not on the test class path (expected "
                    + RESOURCE + "/pairs.tsv from analyzer/src/test/resources)");
        }
        if (!"file".equals(pairs.getProtocol())) {
            // Read from the analyzer's test jar by another module: the tests need files, not jar entries.
            throw new IllegalStateException("Zeek conformance set is inside " + pairs
                    + " (expected a folder: run the tests that use it in the analyzer module)");
        }
        try {
            return Path.of(pairs.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("class path URL " + pairs + " is not a file path", e);
        }
    }
}
