/**
 * {@code tcpwhy explain}: from an error line in a log to an explanation fit for a bug ticket.
 * Start at {@link io.tcpwhy.explain.ErrorLine#parse} (what the log says), then
 * {@link io.tcpwhy.explain.ConnectionSearch#search} (which connection and which side),
 * {@link io.tcpwhy.explain.Explainer} (why, driven by the cause table per diagnosis code and
 * call result), and {@link io.tcpwhy.explain.ExplainFormat} / {@link io.tcpwhy.explain.MarkdownReport}
 * to write it out.
 */
package io.tcpwhy.explain;
