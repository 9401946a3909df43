package io.tcpwhy.lab;

/**
 * The lines a namespace scenario's child programs and the parent exchange, one message a line,
 * fields separated by tabs. Child to parent (stdout): {@code listening}, {@code connection
 * INDEX CLIENT SERVER DIAGNOSIS CLIENT_STATE SERVER_STATE}, {@code call EPOCH_NANOS INDEX SIDE
 * CALL RESULT DETAIL}, {@code await STEP ARGUMENT}, {@code capture FRAMES KERNEL_RECEIVED
 * DROPPED_BY_KERNEL DROPPED_BY_INTERFACE LOOPBACK}, {@code unavailable MESSAGE}, {@code failed
 * MESSAGE}. Parent to child (stdin): {@code go STEP} once the step is done.
 */
final class PeerProtocol {

    static final String SEPARATOR = "\t";
    static final String LISTENING = "listening";
    static final String CONNECTION = "connection";
    static final String CALL = "call";
    static final String AWAIT = "await";
    static final String CAPTURE = "capture";
    static final String UNAVAILABLE = "unavailable";
    static final String FAILED = "failed";
    static final String GO = "go";
    /**
     * The step both programs wait on last: the client once its capture has stopped (the parent
     * then ends the kernel's events), the server until the client has ended.
     */
    static final String STOP = "stop";

    private PeerProtocol() {
    }
}
