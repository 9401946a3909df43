/**
 * The analyzer's results as immutable values, named after the JSON contract
 * ({@code docs/contract.md}): {@link io.tcpwhy.model.ConnectionReport} per
 * connection and {@link io.tcpwhy.model.InputReport} per file. Enums carry their wire
 * names; renderers in {@code io.tcpwhy.report} never invent names of their own. A
 * {@link io.tcpwhy.model.Diagnosis}'s wording and an {@link io.tcpwhy.model.Outcome}'s
 * {@code why} may be built on first access (once, from any thread); they are values all
 * the same.
 */
package io.tcpwhy.model;
