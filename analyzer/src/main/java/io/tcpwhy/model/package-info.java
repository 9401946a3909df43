/**
 * The analyzer's results as immutable values, named after the JSON contract
 * ({@code docs/contract.md}): {@link io.tcpwhy.model.ConnectionReport} per
 * connection and {@link io.tcpwhy.model.InputReport} per file. Enums carry their wire
 * names; renderers in {@code io.tcpwhy.report} never invent names of their own.
 */
package io.tcpwhy.model;
