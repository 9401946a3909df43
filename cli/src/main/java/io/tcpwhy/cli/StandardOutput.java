package io.tcpwhy.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as {@link System#out} treats it, a write error swallowed so that no command
 * dies of it half-way, except that the first error is kept for a command to ask about
 * ({@link #failure}). {@code analyze} asks as it writes: a reader that went away ({@code |
 * head}) stops it at once, and a full disk is reported instead of ending with exit status 0
 * and a truncated report. After the first error nothing more is written.
 */
final class StandardOutput extends OutputStream {

    private final OutputStream out;
    private volatile IOException failure;

    StandardOutput(OutputStream out) {
        this.out = out;
    }

    /** The process's standard output, file descriptor 1, unbuffered (the caller buffers). */
    static StandardOutput ofProcess() {
        return new StandardOutput(new FileOutputStream(FileDescriptor.out));
    }

    /** The first write or flush error, or null while every byte got through. */
    IOException failure() {
        return failure;
    }

    /** Whether {@code e} says the reading end of a pipe was closed (EPIPE). */
    static boolean isClosedPipe(IOException e) {
        return e != null && "Broken pipe".equals(e.getMessage());
    }

    @Override
    public void write(int b) {
        if (failure == null) {
            try {
                out.write(b);
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    @Override
    public void write(byte[] b, int offset, int length) {
        if (failure == null) {
            try {
                out.write(b, offset, length);
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    @Override
    public void flush() {
        if (failure == null) {
            try {
                out.flush();
            } catch (IOException e) {
                failure = e;
            }
        }
    }
}
