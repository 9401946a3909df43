package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code tcpwhy completion bash|zsh} run in the real shells, and the man pages the build generates
 * (cli/target/man, see cli/pom.xml) checked against the command model and rendered by man(1).
 * Tools that are not installed skip with the reason; with TCPWHY_REQUIRE_LIVE=1 (CI, whose
 * .ci/run installs bash, zsh and asciidoctor) they fail instead.
 */
class CompletionAndManPagesTest {

    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    /** What bash's completion offers after {@code words}, the last being the word being completed. */
    private List<String> bashCompletes(Path script, String... words) throws Exception {
        StringBuilder line = new StringBuilder("source ").append(quote(script)).append(" 2>/dev/null; COMP_WORDS=(");
        for (String w : words) {
            line.append(quote(w)).append(' ');
        }
        line.append("); COMP_CWORD=").append(words.length - 1)
                .append("; _complete_tcpwhy 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
        return run(List.of(tool("bash"), "--norc", "--noprofile", "-c", line.toString())).lines().toList();
    }

    @Test
    void bashCompletesSubcommandsOptionsAndFormatValues() throws Exception {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("completion", "bash");
        assertEquals(ExitStatus.OK, r.status(), r.err());
        Path script = Files.writeString(dir.resolve("tcpwhy.bash"), r.out());

        assertEquals(List.of("analyze"), bashCompletes(script, "tcpwhy", "an"));
        List<String> all = bashCompletes(script, "tcpwhy", "");
        for (CommandLine sub : model().getSubcommands().values()) {
            assertTrue(all.contains(sub.getCommandName()), sub.getCommandName() + " in " + all);
        }
        assertEquals(List.of("--format"), bashCompletes(script, "tcpwhy", "analyze", "--form"));
        assertEquals(List.of("text", "json", "jsonl", "conn-log", "markdown"),
                bashCompletes(script, "tcpwhy", "analyze", "--format", ""));
        assertEquals(List.of("bash", "zsh"), bashCompletes(script, "tcpwhy", "completion", ""));
    }

    @Test
    void zshLoadsTheScriptAndRegistersTcpwhy() throws Exception {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("completion", "zsh");
        assertEquals(ExitStatus.OK, r.status(), r.err());
        assertTrue(r.out().startsWith(CompletionCommand.ZSH_PRELUDE), r.out().lines().findFirst().orElse(""));
        Path script = Files.writeString(dir.resolve("tcpwhy.zsh"), r.out());
        String out = run(List.of(tool("zsh"), "-f", "-c", "source " + quote(script) + "; print -r -- \"${_comps[tcpwhy]}\""));
        assertEquals("_bash_complete -F _complete_tcpwhy -o default", out.strip());
    }

    @Test
    void anUnknownShellIsAUsageErrorInOneLine() {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("completion", "fish");
        assertEquals(ExitStatus.USAGE, r.status());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("fish"), r.err());
    }

    @Test
    void theBuildWroteAManPageForEveryCommandListingEveryOption() throws IOException {
        Path man = manDir();
        List<String> expected = new ArrayList<>();
        for (CommandLine command : commands(model())) {
            String page = pageName(command.getCommandSpec());
            expected.add(page + ".adoc");
            String text = Files.readString(man.resolve(page + ".adoc"));
            assertTrue(text.contains("= " + page + "(1)"), page);
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden()) {
                    String name = option.longestName();
                    // picocli writes a negatable option as --[no-]NAME.
                    boolean documented = text.contains("*" + name + "*")
                            || option.negatable() && text.contains("*--[no-]" + name.substring(2) + "*");
                    assertTrue(documented, page + " documents " + name);
                }
            }
        }
        try (Stream<Path> pages = Files.list(man)) {
            assertEquals(expected.stream().sorted().toList(),
                    pages.map(p -> p.getFileName().toString()).sorted().toList(), "one page per command, no stale ones");
        }
    }

    @Test
    void theManPagesConvertAndRenderInMan() throws Exception {
        Path adoc = manDir().resolve("tcpwhy-analyze.adoc");
        run(List.of(tool("asciidoctor"), "-b", "manpage", "-D", dir.toString(), adoc.toString()));
        Path page = dir.resolve("tcpwhy-analyze.1");
        assertTrue(Files.isRegularFile(page), "asciidoctor wrote " + page);
        String rendered = run(List.of(tool("man"), "-l", "-P", "cat", page.toString()));
        assertTrue(rendered.contains("tcpwhy-analyze - "), rendered);
        assertTrue(rendered.contains("--format"), rendered);
        assertTrue(rendered.contains("--fail-on"), rendered);
    }

    private static CommandLine model() {
        return new CommandLine(new Main());
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            all.addAll(commands(sub));
        }
        return all;
    }

    /** ManPageGenerator's file names: the qualified command name with dashes, {@code tcpwhy-scenario-run}. */
    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static Path manDir() {
        // Surefire runs in the module folder; the exec plugin wrote the pages at process-classes.
        Path man = Path.of("target", "man");
        if (!Files.isDirectory(man)) {
            fail("no man pages at " + man.toAbsolutePath() + " (expected the build's generate-man-pages step to write them)");
        }
        return man;
    }

    /** The tool's path; skips the test when it is not installed, fails when TCPWHY_REQUIRE_LIVE=1. */
    private static String tool(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String reason = name + " is not installed (apt-get install " + name + ")";
        if ("1".equals(System.getenv("TCPWHY_REQUIRE_LIVE"))) {
            fail("TCPWHY_REQUIRE_LIVE=1 but " + reason);
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable: Assumptions.abort throws");
    }

    private String run(List<String> command) throws Exception {
        // Output goes to a file, so a tool that hangs is stopped by the timeout, not waited for on a pipe.
        Path output = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish within " + PROCESS_TIMEOUT_SECONDS + " s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " exit status; output:\n" + text);
        return text;
    }

    private static String quote(Object s) {
        return "'" + s.toString().replace("'", "'\\''") + "'";
    }
}
