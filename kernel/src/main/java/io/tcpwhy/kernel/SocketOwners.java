package io.tcpwhy.kernel;

import io.tcpwhy.net.Endpoint;
import io.tcpwhy.net.IpAddress;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the process that owns a TCP socket the way {@code ss -p} does: the socket's inode from
 * /proc/net/tcp or tcp6 (by local and remote endpoint), then the process whose /proc/PID/fd
 * holds a link to {@code socket:[INODE]}.
 */
public final class SocketOwners {

    /** /proc/net/tcp columns (net/ipv4/tcp_ipv4.c get_tcp4_sock): local, remote, ..., inode. */
    private static final int LOCAL_COLUMN = 1;
    private static final int REMOTE_COLUMN = 2;
    private static final int INODE_COLUMN = 9;
    /** Processes looked at, at most: a bound on the /proc walk. */
    private static final int MAX_PROCESSES = 100_000;

    private final Path proc;

    public SocketOwners() {
        this(Path.of("/proc"));
    }

    SocketOwners(Path proc) {
        this.proc = proc;
    }

    /** A process: its id and name ({@code /proc/PID/comm}). */
    public record Owner(long pid, String command) {
        @Override
        public String toString() {
            return command + " (pid " + pid + ")";
        }
    }

    /** The owner of the socket {@code local} -> {@code remote}, if it is still open and has one. */
    public Optional<Owner> find(Endpoint local, Endpoint remote) {
        Optional<Long> inode = inode(local, remote);
        if (inode.isEmpty() || inode.get() == 0) {
            return Optional.empty();
        }
        String target = "socket:[" + inode.get() + "]";
        int seen = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                if (++seen > MAX_PROCESSES) {
                    break;
                }
                if (holds(pid.resolve("fd"), target)) {
                    return Optional.of(new Owner(Long.parseLong(pid.getFileName().toString()), command(pid)));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The thread's process and name: {@code /proc/TID/status} Tgid, as the trace's pid is a thread id. */
    public Optional<Owner> ofThread(int tid) {
        Path status = proc.resolve(Integer.toString(tid)).resolve("status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Tgid:")) {
                    long tgid = Long.parseLong(line.substring("Tgid:".length()).strip());
                    return Optional.of(new Owner(tgid, command(proc.resolve(Long.toString(tgid)))));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean holds(Path fdDir, String target) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(target)) {
                        return true;
                    }
                } catch (IOException e) {
                    // The descriptor closed while we looked: not this one.
                }
            }
        } catch (IOException e) {
            // The process ended or hides its descriptors.
        }
        return false;
    }

    private static String command(Path pidDir) {
        try {
            return Files.readString(pidDir.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private Optional<Long> inode(Endpoint local, Endpoint remote) {
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(proc.resolve(table))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length <= INODE_COLUMN || f[0].startsWith("sl")) {
                        continue;
                    }
                    if (endpoint(f[LOCAL_COLUMN]).equals(Optional.of(local))
                            && endpoint(f[REMOTE_COLUMN]).equals(Optional.of(remote))) {
                        return Optional.of(Long.parseLong(f[INODE_COLUMN]));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // No such table (no IPv6) or a line being rewritten: look at the next.
            }
        }
        return Optional.empty();
    }

    /**
     * {@code 0100007F:1F90}: the address as the kernel's 32-bit words in host order (little
     * endian here), the port in hex. A v4-mapped IPv6 address becomes the IPv4 address.
     */
    static Optional<Endpoint> endpoint(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String hex = text.substring(0, colon);
        int port = Integer.parseInt(text.substring(colon + 1), 16);
        if (hex.length() != 8 && hex.length() != 32) {
            return Optional.empty();
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < hex.length() / 8; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        IpAddress ip = IpAddress.of(bytes);
        if (ip.v6() && ip.high() == 0 && (ip.low() >>> 32) == 0xFFFFL) {
            ip = IpAddress.v4((int) ip.low());
        }
        return Optional.of(new Endpoint(ip, port));
    }
}
