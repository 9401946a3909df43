package io.tcpwhy.explain;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs mermaid's own parser (node, {@code analyzer/src/test/mermaid/check.mjs}) on diagrams.
 * Without node or the npm packages the calling test is skipped with the reason, or fails
 * when {@code TCPWHY_REQUIRE_LIVE=1} (CI installs them with {@code npm ci}). Public so the
 * samples' tests can check every sample's report.
 */
public final class MermaidCheck {

    private static final String SCRIPT = "check.mjs";
    private static final long TIMEOUT_SECONDS = 120;

    private MermaidCheck() {
    }

    /** Skips (or, in CI, fails) the calling test when mermaid cannot run here. */
    public static void assumeAvailable() {
        Optional<String> missing = unavailable();
        if (missing.isEmpty()) {
            return;
        }
        if ("1".equals(System.getenv("TCPWHY_REQUIRE_LIVE"))) {
            fail("mermaid check required (TCPWHY_REQUIRE_LIVE=1) but " + missing.get());
        }
        Assumptions.abort("mermaid check skipped: " + missing.get());
    }

    /** Why the check cannot run here, or empty when it can. */
    public static Optional<String> unavailable() {
        Optional<Path> dir = scriptDir();
        if (dir.isEmpty()) {
            return Optional.of("no analyzer/src/test/mermaid/" + SCRIPT + " above " + baseDir());
        }
        if (!Files.isDirectory(dir.get().resolve("node_modules/mermaid"))) {
            return Optional.of("mermaid is not installed: run 'npm ci' in " + dir.get());
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of("'node --version' failed");
            }
        } catch (IOException e) {
            return Optional.of("node is not on the PATH (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for node");
        }
        return Optional.empty();
    }

    /** The parser's complaint for each diagram that does not parse, as "index: reason"; empty when all do. */
    public static List<String> failures(List<String> diagrams) throws IOException, InterruptedException {
        Path dir = scriptDir().orElseThrow();
        Path tmp = Files.createTempDirectory("tcpwhy-mermaid");
        List<String> command = new ArrayList<>(List.of("node", dir.resolve(SCRIPT).toString()));
        for (int i = 0; i < diagrams.size(); i++) {
            Path f = tmp.resolve(i + ".mmd");
            Files.writeString(f, diagrams.get(i), StandardCharsets.UTF_8);
            command.add(f.toString());
        }
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("mermaid check did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() > 1) {
            throw new IOException("mermaid check could not run (exit " + p.exitValue() + "): " + output);
        }
        List<String> failed = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("FAIL ")) {
                String name = Path.of(line.substring("FAIL ".length(), line.indexOf(": "))).getFileName().toString();
                failed.add(name.replace(".mmd", "") + ": " + line.substring(line.indexOf(": ") + 2));
            }
        }
        if (p.exitValue() == 1 && failed.isEmpty()) {
            throw new IOException("mermaid check failed without naming a diagram: " + output);
        }
        try (var files = Files.list(tmp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(tmp);
        return failed;
    }

    private static Path baseDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    private static Optional<Path> scriptDir() {
        for (Path p = baseDir(); p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolve("src/test/mermaid"), p.resolve("analyzer/src/test/mermaid"))) {
                if (Files.isRegularFile(candidate.resolve(SCRIPT))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
