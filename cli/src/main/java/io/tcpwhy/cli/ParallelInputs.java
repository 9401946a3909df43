package io.tcpwhy.cli;

import io.tcpwhy.Analyzer;
import io.tcpwhy.ProgressListener;
import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.InputReport;
import io.tcpwhy.pcap.CaptureReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Analyzes {@code analyze}'s inputs on worker threads while the calling thread writes the
 * report: the input being reported and the next one are analyzed at once (both cores of
 * a small machine busy), and the output still comes in input order, ids continuing across
 * inputs ({@link ConnectionReport#withId}).
 *
 * <p>Memory stays bounded: each input hands its reports over through a queue of
 * {@link #QUEUE_BATCHES} batches; an input analyzed ahead of its turn waits once its
 * queue is full. Reports travel in batches because a hand-over per connection woke the
 * writer thread more often than it wrote.
 */
final class ParallelInputs implements AutoCloseable {

    /** Batches an input may hold ahead of the writer: with {@link #BATCH} reports each, a few MiB. */
    static final int QUEUE_BATCHES = 16;
    /** Reports per hand-over for files; standard input hands each one over at once, it may be live. */
    static final int BATCH = 128;
    private static final long PROGRESS_POLL_MILLIS = 200;
    /** At most this long for the workers to stop after the run: a batch of reports each, normally milliseconds. */
    private static final long WORKER_STOP_SECONDS = 5;

    /** An input: a file, or standard input when {@code file} is null. */
    record Input(String name, Path file) {
    }

    /** What the writer does with each input's results, in input order. */
    interface Listener {
        void start(Input input);

        /** A connection that passed the filter, already renumbered. */
        void connection(ConnectionReport report);

        /** The input is done; {@code failure} is the I/O error that stopped it before any frame, or null. */
        void end(Input input, InputReport report, IOException failure);

        /**
         * Told before {@link #end} when more than {@code cap} connections were open at once in
         * the input, so that {@code reports} of its reports (filtered or not) were handed out
         * before their connection ended, marked {@code EVICTED}.
         */
        default void evicted(Input input, long reports, int cap) {
        }
    }

    /** The input's read and its end: a batch of reports, or the end marker. */
    private record Done(InputReport report, int lastId, IOException failure, Throwable crash, long evicted,
                        int evictedCap) {
    }

    private final Analyzer analyzer;
    private final Predicate<ConnectionReport> filter;
    private final InputStream stdin;
    private final ExecutorService workers;

    ParallelInputs(Analyzer analyzer, Predicate<ConnectionReport> filter, InputStream stdin, int threads) {
        this.analyzer = analyzer;
        this.filter = filter;
        this.stdin = stdin;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tcpwhy-analyze");
            t.setDaemon(true); // a failed write must never leave the JVM waiting on a worker
            return t;
        });
    }

    /**
     * Analyzes every input and hands its results to {@code listener} in order.
     *
     * @param progress told on the calling thread, while it waits for an input, how far that input is
     */
    void run(List<Input> inputs, Listener listener, ProgressLine progress) throws InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (Input in : inputs) {
            Job job = new Job(in);
            jobs.add(job);
            workers.execute(job);
        }
        int offset = 0;
        for (Job job : jobs) {
            listener.start(job.input);
            if (progress != null) {
                progress.start(job.input.name());
            }
            Done done = null;
            while (done == null) {
                Object item = job.queue.poll(PROGRESS_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (progress != null) {
                    progress.progress(job.bytesRead, job.totalBytes, job.frames);
                }
                if (item instanceof Done d) {
                    done = d;
                } else if (item != null) {
                    if (progress != null) {
                        progress.clear();
                    }
                    @SuppressWarnings("unchecked")
                    List<ConnectionReport> batch = (List<ConnectionReport>) item;
                    for (ConnectionReport c : batch) {
                        listener.connection(c.withId(c.id() + offset));
                    }
                }
            }
            if (progress != null) {
                progress.clear();
            }
            if (done.crash() instanceof RuntimeException e) {
                throw e;
            }
            if (done.crash() instanceof Error e) {
                throw e;
            }
            offset += done.lastId();
            if (done.evicted() > 0) {
                listener.evicted(job.input, done.evicted(), done.evictedCap());
            }
            listener.end(job.input, done.report(), done.failure());
        }
    }

    /**
     * Stops the workers and waits a moment for them: each one that is still analyzing ends at
     * its next hand-over (interrupted), so that none is left to write to stderr after the run.
     */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(WORKER_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One input's analysis on a worker thread; ids from 1, renumbered by the writer. */
    private final class Job implements Runnable, ProgressListener {
        final Input input;
        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
        final int batchSize;
        volatile long bytesRead;
        volatile long totalBytes;
        volatile long frames;
        private List<ConnectionReport> batch = new ArrayList<>();
        private int lastId;
        private long evicted;
        private int evictedCap;

        Job(Input input) {
            this.input = input;
            this.batchSize = input.file() == null ? 1 : BATCH;
        }

        @Override
        public void run() {
            Done done;
            try {
                InputReport report;
                if (input.file() == null) {
                    // Not closed: standard input belongs to the process.
                    CaptureReader reader = CaptureReader.open(input.name(), stdin);
                    report = analyzer.analyze(reader, input.name(), 1, this::take, this);
                } else {
                    AnalyzeCommand.checkReadable(input.file());
                    report = analyzer.analyze(input.file(), 1, this::take, this);
                }
                handOver();
                done = new Done(report, lastId, null, null, evicted, evictedCap);
            } catch (IOException e) {
                handOver();
                done = new Done(AnalyzeCommand.notRead(input.name(), e), lastId, e, null, evicted, evictedCap);
            } catch (Interrupted e) {
                return; // the writer gave up: nobody waits for this input any more
            } catch (RuntimeException | Error e) {
                done = new Done(null, lastId, null, e, 0, 0);
            }
            try {
                put(done);
            } catch (Interrupted e) {
                // The writer gave up while this input's end waited for room: nobody reads it.
            }
        }

        private void take(ConnectionReport c) {
            lastId = Math.max(lastId, c.id());
            // Counted before the filter: an eviction cuts every connection short, shown or not.
            List<Annotation> annotations = c.annotations();
            for (int i = 0; i < annotations.size(); i++) {
                if (annotations.get(i) instanceof Annotation.Evicted e) {
                    evicted++;
                    evictedCap = e.cap();
                }
            }
            if (filter.test(c)) {
                batch.add(c);
                if (batch.size() >= batchSize) {
                    handOver();
                }
            }
        }

        private void handOver() {
            if (!batch.isEmpty()) {
                put(batch);
                batch = new ArrayList<>();
            }
        }

        private void put(Object item) {
            try {
                queue.put(item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted();
            }
        }

        @Override
        public void progress(long bytes, long total, long frameCount) {
            bytesRead = bytes;
            totalBytes = total;
            frames = frameCount;
        }
    }

    /** Unwinds a worker whose writer stopped waiting. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super(null, null, false, false);
        }
    }
}
