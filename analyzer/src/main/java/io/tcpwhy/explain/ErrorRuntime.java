package io.tcpwhy.explain;

/** The runtimes whose socket error texts {@link ErrorLine} understands. */
public enum ErrorRuntime {
    GO("go", "Go"),
    JAVA("java", "Java"),
    PYTHON("python", "Python"),
    C("c", "C (strerror/errno)"),
    WINDOWS("windows", "Windows (Winsock)"),
    NODE("node", "Node.js");

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
}
