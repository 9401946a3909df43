/**
 * Renders analysis results for people and for programs. Start at
 * {@link io.tcpwhy.report.ReportFormat#open}: it returns a {@link io.tcpwhy.report.ReportWriter}
 * that takes connections as the analyzer finishes them and one input summary per file.
 * {@code JsonReport} writes the contract's {@code analyze --format json} document,
 * {@code TextReport} the default text; {@link io.tcpwhy.report.ReportFilter} selects
 * connections ({@code --problems}, {@code --port}, {@code --conn}) and
 * {@link io.tcpwhy.model.RuntimeErrors} names each socket call result the way Go, Java,
 * Python, C and Windows print it. Neither renderer holds more than a bounded amount of
 * output in memory: what must wait for the end of a file is spooled ({@code Spool}).
 *
 * <p>JSON is built as UTF-8 bytes by {@code JsonBytes}, compact or {@code --pretty}, and
 * given an {@code OutputStream} (the command line's standard output) written straight to
 * it; spooled text is copied as bytes. {@code ConnectionJson} writes one CONNECTION object
 * with names encoded once ({@code JsonNames}) and timestamps and endpoints formatted into
 * buffers it keeps ({@link io.tcpwhy.model.Timestamps.IsoText}, {@code EndpointText}): on a
 * big capture a connection costs no temporary strings beyond the prose it prints.
 */
package io.tcpwhy.report;
