package io.tcpwhy.kernel;

/**
 * Receives each kernel event as it is read, on the reader's thread: hand it on, do not block.
 */
@FunctionalInterface
public interface KernelEventListener {

    KernelEventListener NONE = e -> { };

    void event(KernelEvent event);
}
