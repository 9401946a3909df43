/**
 * Test helpers shared by every module's tests (the analyzer publishes them as a
 * test-jar): {@link io.tcpwhy.testing.SegmentScript} writes a TCP conversation segment by
 * segment, with sequence and acknowledgment numbers kept right unless a test overrides them;
 * {@link io.tcpwhy.testing.SegmentPcap} writes such a conversation as a pcap for tests that
 * run the real pipeline; {@link io.tcpwhy.testing.ConnectionAssert} reads a report like the
 * finding it asserts.
 */
package io.tcpwhy.testing;
