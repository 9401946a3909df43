package io.tcpwhy.explain;

/** The runtimes and programs whose socket error texts {@link ErrorLine} understands. */
public enum ErrorRuntime {
    GO("go", "Go"),
    JAVA("java", "Java"),
    PYTHON("python", "Python"),
    C("c", "C (strerror/errno)"),
    WINDOWS("windows", "Windows (Winsock)"),
    NODE("node", "Node.js"),
    DOTNET("dotnet", ".NET"),
    RUST("rust", "Rust"),
    CURL("curl", "curl"),
    NGINX("nginx", "nginx"),
    HAPROXY("haproxy", "HAProxy"),
    ENVOY("envoy", "Envoy"),
    REDIS("redis", "redis-cli"),
    NETCAT("netcat", "netcat"),
    SOCAT("socat", "socat"),
    POSTGRESQL("postgresql", "PostgreSQL (libpq)"),
    MYSQL("mysql", "MySQL client");

    private final String wire;
    private final String title;

    ErrorRuntime(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }

    /** Texts the OS prints (strerror, Winsock): the program around them says which runtime logged the line. */
    boolean printedByTheSystem() {
        return this == C || this == WINDOWS;
    }
}
