package io.tcpwhy.report;

import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import java.io.Closeable;

/**
 * Receives one analysis run, in this order: for each file {@link #startInput}, its
 * connections, {@link #endInput}; then {@link #finish} once. {@link #close} releases
 * temporary files and flushes what was written, whether or not the run finished.
 *
 * @throws ReportException from any method when the output cannot be written
 */
public interface ReportWriter extends Closeable {

    /** A file's analysis begins. */
    void startInput(String path);

    /** A connection of the current file, in order of first frame. */
    void connection(ConnectionReport report);

    /** The current file is done; {@code input} says what was read and whether it was complete. */
    void endInput(InputReport input);

    /** All files are done: writes whatever still belongs to the end of the output and flushes it. */
    void finish();

    @Override
    void close();
}
