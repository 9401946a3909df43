/**
 * Test helpers shared by every module's tests (the analyzer publishes them as a
 * test-jar): {@link io.tcpwhy.testing.SegmentScript} writes a TCP conversation segment by
 * segment, with sequence and acknowledgment numbers kept right unless a test overrides them.
 */
package io.tcpwhy.testing;
