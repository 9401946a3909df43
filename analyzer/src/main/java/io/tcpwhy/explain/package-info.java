/**
 * {@code tcpwhy explain}: from an error line in a log to an explanation fit for a bug ticket.
 * Start at {@link io.tcpwhy.explain.ErrorLine#parse} (what the log says, read through the one
 * table of understood texts, {@code ErrorTexts}), then {@link io.tcpwhy.explain.ConnectionSearch.Collector}
 * (which connection and which side, one report at a time, keeping only the best few),
 * {@link io.tcpwhy.explain.Explainer} (why, driven by the cause table per diagnosis code and
 * call result) or, for errors with nothing on the wire, {@link io.tcpwhy.explain.OwnExplainer},
 * and {@link io.tcpwhy.explain.ExplainFormat} / {@link io.tcpwhy.explain.MarkdownReport} to
 * write it out.
 */
package io.tcpwhy.explain;
