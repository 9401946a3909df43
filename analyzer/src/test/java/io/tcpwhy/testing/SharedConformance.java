package io.tcpwhy.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Zeek's conformance set lives: {@code shared/conformance/zeek} beside the
 * repository (as CI lays it out), or {@code -Dtcpwhy.zeek.conformance=DIR}. Without it
 * the tests that use it skip with the reason; in CI ({@code CI=true}) they fail instead,
 * so the set is never silently left out.
 */
public final class SharedConformance {

    private SharedConformance() {
    }

    /** The conformance folder; skips (or in CI fails) the calling test when it is absent. */
    public static Path zeek() {
        String override = System.getProperty("tcpwhy.zeek.conformance");
        // Surefire runs a module's tests in the module's folder: the repository is "..".
        Path dir = override != null ? Path.of(override)
                : Path.of("..", "..", "shared", "conformance", "zeek").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("pairs.tsv"))) {
            String reason = "Zeek conformance set not found at " + dir
                    + " (expected shared/ beside the repository, or -Dtcpwhy.zeek.conformance=DIR)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason);
            }
            assumeTrue(false, reason);
        }
        return dir;
    }
}
