package io.tcpwhy.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpwhy.report.ReportFormat;
import java.io.PrintWriter;

/** Prints a replay's original and replay side by side: text, JSON or a Markdown ticket section. */
public final class ReplayReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReplayReport() {
    }

    /**
     * @param expect the diagnosis code {@code --expect} asks for, or null to compare with the original
     */
    public static void write(ReplayResult r, ReportFormat format, String expect, PrintWriter out) {
        switch (format) {
            case TEXT -> text(r, expect, out);
            case JSON -> json(r, expect, out);
            case MARKDOWN -> markdown(r, expect, out);
        }
        out.flush();
    }

    /** The verdict in words: what the exit status says. */
    static String verdict(ReplayResult r, String expect) {
        if (expect != null) {
            return r.replayDiagnosis().equals(expect)
                    ? "as expected: the replay ended " + expect
                    : "not as expected: the replay ended " + r.replayDiagnosis() + ", expected " + expect;
        }
        return r.sameEnding() ? "the replay ended like the original" : "the replay ended differently from the original";
    }

    private static void text(ReplayResult r, String expect, PrintWriter out) {
        out.println("replay of " + r.script().source() + " as the " + r.script().played().wire());
        for (String line : r.log()) {
            out.println("  " + line);
        }
        int width = "client outcomes".length();
        int left = "original".length();
        for (ReplayResult.Row row : r.rows()) {
            left = Math.max(left, row.original().length());
        }
        String format = "%-" + width + "s  %-" + left + "s  %s  %s%n";
        out.printf(format, "", "original", " ", "replay");
        for (ReplayResult.Row row : r.rows()) {
            out.printf(format, row.name(), row.original(), row.same() ? "=" : "≠", row.replay());
        }
        for (String note : r.notes()) {
            out.println("note: " + note);
        }
        out.println(verdict(r, expect));
    }

    private static void json(ReplayResult r, String expect, PrintWriter out) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", r.script().source());
        root.put("played", r.script().played().wire());
        root.put("original_diagnosis", r.script().original().diagnosis());
        root.put("replay_diagnosis", r.replayDiagnosis());
        root.put("same_ending", r.sameEnding());
        if (expect != null) {
            root.put("expected_diagnosis", expect);
        }
        root.put("verdict", verdict(r, expect));
        ArrayNode rows = root.putArray("comparison");
        for (ReplayResult.Row row : r.rows()) {
            ObjectNode n = rows.addObject();
            n.put("property", row.name());
            n.put("original", row.original());
            n.put("replay", row.replay());
            n.put("same", row.same());
        }
        r.log().forEach(root.putArray("steps")::add);
        r.notes().forEach(root.putArray("notes")::add);
        try {
            out.println(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }

    private static void markdown(ReplayResult r, String expect, PrintWriter out) {
        out.println("## Replay of " + r.script().source() + " as the " + r.script().played().wire());
        out.println();
        out.println("**" + verdict(r, expect) + "**");
        out.println();
        out.println("| | original | replay | same |");
        out.println("| --- | --- | --- | --- |");
        for (ReplayResult.Row row : r.rows()) {
            out.println("| " + row.name() + " | " + cell(row.original()) + " | " + cell(row.replay()) + " | "
                    + (row.same() ? "yes" : "**no**") + " |");
        }
        out.println();
        out.println("Steps played:");
        out.println();
        out.println("```");
        r.log().forEach(out::println);
        out.println("```");
        for (String note : r.notes()) {
            out.println();
            out.println("> " + note);
        }
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
