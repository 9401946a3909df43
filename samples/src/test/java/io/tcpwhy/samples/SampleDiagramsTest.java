package io.tcpwhy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tcpwhy.cli.Main;
import io.tcpwhy.explain.MermaidCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every sample's ticket report ({@code tcpwhy analyze --format markdown}) holds a ladder
 * diagram for each problem connection, and mermaid's own parser accepts every one: a
 * report pasted into GitHub or GitLab must render.
 */
class SampleDiagramsTest {

    private static final Pattern MERMAID_BLOCK = Pattern.compile("```mermaid\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySampleReportsLadderParsesWithMermaid() throws IOException, InterruptedException {
        MermaidCheck.assumeAvailable();
        List<String> diagrams = new ArrayList<>();
        List<String> from = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("."))) {
            for (Path pcap : files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList()) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int status = Main.run(new PrintWriter(out), new PrintWriter(err), "analyze",
                        pcap.getFileName().toString(), "--format", "markdown");
                assertEquals(0, status, pcap + ": " + err);
                Matcher m = MERMAID_BLOCK.matcher(out.toString());
                while (m.find()) {
                    diagrams.add(m.group(1));
                    from.add(pcap.getFileName().toString());
                }
            }
        }
        assertFalse(diagrams.isEmpty(), "no sample report held a diagram");
        List<String> failed = MermaidCheck.failures(diagrams);
        List<String> named = new ArrayList<>();
        for (String f : failed) {
            int index = Integer.parseInt(f.substring(0, f.indexOf(':')).strip());
            named.add(from.get(index) + ": " + f + "\n" + diagrams.get(index));
        }
        assertEquals(List.of(), named, "diagrams mermaid rejects");
    }
}
