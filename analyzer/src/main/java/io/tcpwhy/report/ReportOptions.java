package io.tcpwhy.report;

/**
 * How a report is laid out, beyond its format.
 *
 * @param pretty        {@code --pretty}: indented JSON (json only; compact otherwise)
 * @param summaryOnly   {@code --summary}: text prints only the closing summary
 * @param groupStories  {@code --problems}: text tells one story per (diagnosis, server) group,
 *                      the rest of the group counted under it, instead of thousands of alike paragraphs
 * @param flushEach     flush after every connection (live captures); files flush as buffers fill
 */
public record ReportOptions(boolean pretty, boolean summaryOnly, boolean groupStories, boolean flushEach) {

    /** Compact JSON, the whole text report, every story, buffered output. */
    public static final ReportOptions DEFAULT = new ReportOptions(false, false, false, false);

    public ReportOptions withPretty(boolean value) {
        return new ReportOptions(value, summaryOnly, groupStories, flushEach);
    }

    public ReportOptions withSummaryOnly(boolean value) {
        return new ReportOptions(pretty, value, groupStories, flushEach);
    }

    public ReportOptions withGroupStories(boolean value) {
        return new ReportOptions(pretty, summaryOnly, value, flushEach);
    }

    public ReportOptions withFlushEach(boolean value) {
        return new ReportOptions(pretty, summaryOnly, groupStories, value);
    }
}
