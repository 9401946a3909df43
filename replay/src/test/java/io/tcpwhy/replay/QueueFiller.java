package io.tcpwhy.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The other clients of accept_queue_overflow, in a child JVM inside the namespace: on
 * {@code bind} it binds a new socket and prints {@code bound PORT} (so a rule can name its
 * port before it connects), on {@code connect} it connects the last bound socket to HOST:PORT
 * and prints {@code connected PORT}. Holds its sockets until its stdin ends.
 *
 * <pre>QueueFiller HOST PORT</pre>
 */
public final class QueueFiller {

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private QueueFiller() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress host = InetAddress.getByName(args[0]);
        InetSocketAddress target = new InetSocketAddress(host, Integer.parseInt(args[1]));
        List<Socket> held = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                switch (line) {
                    case "bind" -> {
                        Socket s = new Socket();
                        s.bind(new InetSocketAddress(host, 0));
                        held.add(s);
                        System.out.println("bound " + s.getLocalPort());
                    }
                    case "connect" -> {
                        Socket s = held.get(held.size() - 1);
                        s.connect(target, CONNECT_TIMEOUT_MILLIS);
                        System.out.println("connected " + s.getLocalPort());
                    }
                    default -> System.out.println("failed: unknown command '" + line + "' (expected bind or connect)");
                }
                System.out.flush();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
