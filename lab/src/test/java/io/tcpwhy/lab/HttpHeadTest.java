package io.tcpwhy.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {

    private static int length(String received) {
        byte[] b = received.getBytes(StandardCharsets.ISO_8859_1);
        return HttpHead.responseLength(b, b.length);
    }

    @Test
    void completeHead_givesHeadPlusContentLength() {
        String head = "HTTP/1.1 200 OK\r\nDate: Wed, 02 Dec 2026 20:51:59 GMT\r\nContent-length: 3\r\n\r\n";
        assertEquals(head.length() + 3, length(head), "the JDK server's head, its body not yet arrived");
        assertEquals(head.length() + 3, length(head + "ok\n"));
    }

    @Test
    void incompleteHead_isNotYetALength() {
        assertEquals(-1, length("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"));
    }

    @Test
    void headWithoutContentLength_isRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> length("HTTP/1.1 204 No Content\r\n\r\n"));
        assertTrue(e.getMessage().contains("without Content-Length"), e.getMessage());
    }
}
