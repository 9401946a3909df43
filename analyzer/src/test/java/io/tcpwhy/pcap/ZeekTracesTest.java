package io.tcpwhy.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tcpwhy.testing.SharedConformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real captures from Zeek's test suite, kept in the repository in
 * {@code analyzer/src/test/resources/conformance/zeek}: each must read to its end without error.
 */
class ZeekTracesTest {


    private record Expected(long frames, long capturedBytes) {
    }

    /**
     * Frame counts from {@code tcpdump -n -r FILE | wc -l} (tcpdump 4.99, one line per
     * frame); captured bytes by summing incl_len over the records with a separate Python
     * struct walk of each file. Neither uses this reader.
     */
    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry("auth_change_session_keys.pcap", new Expected(8, 686)),
            Map.entry("ftp__bigtransfer.pcap", new Expected(83, 30775)),
            Map.entry("ftp__cwd-navigation.pcap", new Expected(8317, 654497)),
            Map.entry("ftp__fake-long-commands.pcap", new Expected(40, 3327)),
            Map.entry("http__connect-with-header.pcap", new Expected(58, 63575)),
            Map.entry("http__connect-with-smtp.pcap", new Expected(30, 3687)),
            Map.entry("http__get.pcap", new Expected(14, 6087)),
            Map.entry("http__no_crlf.pcap", new Expected(1519, 1602344)),
            Map.entry("krb__optional-service-name.pcap", new Expected(4, 492)),
            Map.entry("ldap__ldap-add.pcap", new Expected(17, 1716)),
            Map.entry("ldap__ldap-starttls.pcap", new Expected(28, 5537)),
            Map.entry("ldap__sasl-ntlm.pcap", new Expected(27, 3596)),
            Map.entry("ldap__simpleauth-diff-port.pcap", new Expected(12, 1174)),
            Map.entry("mpls-in-vlan.pcap", new Expected(3, 2533)),
            Map.entry("mysql__encrypted.pcap", new Expected(18, 3876)),
            Map.entry("pop3__redis-50-pings.pcap", new Expected(116, 8890)),
            Map.entry("ssh__server-pre-banner-data.pcap", new Expected(36, 9993)),
            Map.entry("tcp-http-with-padding.pcap", new Expected(25, 1881)),
            Map.entry("tls__imap-starttls.pcap", new Expected(32, 7975)),
            Map.entry("tls__irc-starttls.pcap", new Expected(20, 4168)));

    @TestFactory
    Stream<DynamicTest> everyTraceReadsToItsEndWithTheIndependentlyCountedFrames() throws IOException {
        Path traces = SharedConformance.zeek().resolve("traces");
        List<Path> files;
        try (Stream<Path> listing = Files.list(traces)) {
            files = listing.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertEquals(EXPECTED.keySet().stream().sorted().toList(),
                files.stream().map(p -> p.getFileName().toString()).toList(), "every trace has its expectation");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Expected expected = EXPECTED.get(file.getFileName().toString());
            long capturedBytes = 0;
            try (CaptureReader reader = CaptureReader.open(file)) {
                while (reader.next()) {
                    capturedBytes += reader.capturedLength();
                }
                assertEquals(expected.frames(), reader.frameNumber());
                assertEquals(Files.size(file), reader.bytesConsumed());
            }
            assertEquals(expected.capturedBytes(), capturedBytes);
        }));
    }
}
