/**
 * Synthetic captures for benchmarks: {@link io.tcpwhy.bench.SyntheticCapture} writes
 * many short connections, a chosen number open at once, so that speed and memory can be
 * measured on files of any size.
 */
package io.tcpwhy.bench;
