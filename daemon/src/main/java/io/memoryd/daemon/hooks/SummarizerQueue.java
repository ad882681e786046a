package io.memoryd.daemon.hooks;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.workspace.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the user's summarizer command, one job at a time on its own thread, after the hook has been
 * answered: the command ({@code /bin/sh -c <command>}) gets the normalised transcript on stdin and its
 * stdout (trimmed, at most {@value #MAX_OUTPUT_BYTES} bytes) becomes the summary. When it fails — exit
 * status not 0, no output, past the timeout, or the queue closing — the job's extractive fallback is
 * delivered instead, so every job gets exactly one summary. At most {@code capacity} jobs wait;
 * {@link #submit} refuses more, and the caller writes the fallback itself.
 *
 * <p>stdin, stdout and stderr are private files (0600) in the scratch directory rather than pipes: nothing
 * can block on a full pipe, and a timed-out command's orphans cannot hold a stream open. The command runs
 * in that directory with {@code MEMORYD_*} variables naming the session. Thread-safe.
 */
public final class SummarizerQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SummarizerQueue.class);

    public static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final int STDERR_TAIL_BYTES = 512;
    private static final Pattern JOB_FILE = Pattern.compile("job-(\\d+)-\\d+\\.(in|out|err)");
    private static final long PID = ProcessHandle.current().pid();

    /**
     * One summary to make.
     *
     * @param label names the job in logs, e.g. {@code session S segment 2}
     * @param transcript what the command reads on stdin
     * @param fallback the summary delivered when the command gives none
     * @param environment variables added to the command's environment
     * @param deliver receives the one summary of this job, on the queue's thread (or the closing one)
     */
    public record Job(String label, String transcript, String fallback, Map<String, String> environment,
            Consumer<Result> deliver) {

        public Job {
            Objects.requireNonNull(transcript, "transcript");
            Objects.requireNonNull(fallback, "fallback");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(deliver, "deliver");
        }
    }

    /**
     * The summary of a job.
     *
     * @param fromCommand true when the command made it, false for the fallback
     * @param failure why the command's output was not used, or null
     */
    public record Result(String text, boolean fromCommand, String failure) {
    }

    /** Tells the worker to stop; offered when the queue closes, after the waiting jobs were taken out. */
    private static final Job STOP = new Job("stop", "", "", Map.of(), r -> { });

    private final String command;
    private final Duration timeout;
    private final Path scratch;
    private final BlockingQueue<Job> queue;
    private final Thread worker;
    private final AtomicLong counter = new AtomicLong();
    private final AtomicReference<Process> running = new AtomicReference<>();

    @GuardedBy("this")
    private boolean closed;

    /** Jobs accepted and not delivered yet (waiting or running). */
    @GuardedBy("this")
    private int outstanding;

    /**
     * Starts the queue's thread.
     *
     * @param command run as {@code /bin/sh -c command}
     * @param timeout how long one run may take before it is killed (with its child processes)
     * @param capacity how many jobs may wait (at least 1)
     * @param scratchDir a private directory for the jobs' stdin/stdout/stderr files (created 0700)
     */
    public SummarizerQueue(String command, Duration timeout, int capacity, Path scratchDir) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("summarizer command is blank");
        }
        if (timeout.isNegative() || timeout.isZero() || capacity < 1) {
            throw new IllegalArgumentException("summarizer timeout must be positive and capacity at least 1, got "
                    + timeout + " and " + capacity);
        }
        this.command = command;
        this.timeout = timeout;
        this.scratch = scratchDir;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1: room for STOP
        removeDeadJobsFiles();
        this.worker = new Thread(this::work, "memoryd-summarizer");
        worker.setDaemon(true);
        worker.start();
    }

    /** A queue whose scratch files live in the workspace's private directory, {@code .memoryd/hooks/summarizer}. */
    public static SummarizerQueue forWorkspace(MemoryWorkspace workspace, String command, Duration timeout,
            int capacity) {
        return new SummarizerQueue(command, timeout, capacity,
                workspace.layout().privateDir().resolve("hooks").resolve("summarizer"));
    }

    /** Queues a job; false when the queue is full or closed (the job was not taken and gets nothing). */
    public synchronized boolean submit(Job job) {
        if (closed || queue.remainingCapacity() <= 1 || !queue.offer(job)) {
            return false;
        }
        outstanding++;
        return true;
    }

    /**
     * Waits until every accepted job has had its summary delivered, at most {@code timeout}; true when none
     * is left. A graceful stop drains first, then closes.
     */
    public synchronized boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void delivered() {
        outstanding--;
        notifyAll();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Stops taking jobs, delivers the fallback of every job still waiting (on this thread), kills a running
     * command (its job gets its fallback) and waits for the queue's thread to end.
     */
    @Override
    public void close() {
        List<Job> waiting = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.drainTo(waiting);
            queue.offer(STOP);
        }
        Process p = running.get();
        if (p != null) {
            kill(p);
        }
        for (Job job : waiting) {
            deliver(job, new Result(job.fallback(), false, "the daemon is closing"));
        }
        try {
            worker.join(timeout.toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            log.warn("The summarizer thread did not end within {} ms of closing", timeout.toMillis() + 30_000);
        }
    }

    private void work() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return; // nobody interrupts this thread; if something does, close() still delivers the waiting jobs
            }
            if (job == STOP) {
                return;
            }
            Result result;
            try {
                result = run(job);
            } catch (InterruptedException e) {
                // Clear the flag before delivering: an interrupted thread's file writes fail.
                Thread.interrupted();
                result = new Result(job.fallback(), false, "interrupted");
            }
            deliver(job, result);
        }
    }

    private Result run(Job job) throws InterruptedException {
        String name = "job-" + PID + "-" + counter.incrementAndGet();
        Path in = scratch.resolve(name + ".in");
        Path out = scratch.resolve(name + ".out");
        Path err = scratch.resolve(name + ".err");
        try {
            PrivateFiles.createDirectories(scratch);
            createPrivate(in, job.transcript().getBytes(StandardCharsets.UTF_8));
            createPrivate(out, new byte[0]);
            createPrivate(err, new byte[0]);
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(scratch.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(job.environment());
            Process p = pb.start();
            running.set(p);
            if (isClosed()) {
                kill(p); // close() may have looked before this run was published
            }
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            } finally {
                running.set(null);
            }
            if (!finished) {
                kill(p);
                return failed(job, "timed out after " + timeout.toMillis() + " ms", err);
            }
            if (p.exitValue() != 0) {
                return failed(job, isClosed() ? "stopped: the daemon is closing"
                        : "exited with status " + p.exitValue(), err);
            }
            String summary = head(out, MAX_OUTPUT_BYTES).strip();
            return summary.isEmpty() ? failed(job, "printed nothing", err) : new Result(summary, true, null);
        } catch (IOException e) {
            return failed(job, "could not run: " + e.getMessage(), null);
        } finally {
            for (Path f : List.of(in, out, err)) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    log.warn("Cannot remove summarizer scratch file {}: {}", f, e.toString());
                }
            }
        }
    }

    private Result failed(Job job, String why, Path err) {
        String stderr = err == null ? "" : tail(err);
        log.warn("Summarizer command for {} {}; writing the extractive summary{}", job.label(), why,
                stderr.isBlank() ? "" : " (stderr: " + stderr.strip() + ")");
        return new Result(job.fallback(), false, why);
    }

    private void deliver(Job job, Result result) {
        try {
            job.deliver().accept(result);
        } catch (RuntimeException e) {
            log.warn("Writing the summary of {} failed: {}", job.label(), e.toString(), e);
        } finally {
            delivered();
        }
    }

    /** Kills a command and the processes it started, children first so that none is left running. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("Summarizer process {} did not end after being killed", p.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void createPrivate(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PrivateFiles.file())) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    private static String head(Path file, int max) throws IOException {
        try (InputStream s = Files.newInputStream(file)) {
            return new String(s.readNBytes(max), StandardCharsets.UTF_8);
        }
    }

    private static String tail(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, STDERR_TAIL_BYTES));
            ch.read(b, size - b.capacity());
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Removes the scratch files of jobs whose process no longer runs (a daemon that died mid-job). */
    private void removeDeadJobsFiles() {
        if (!Files.isDirectory(scratch)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(scratch, "job-*")) {
            for (Path f : entries) {
                Matcher m = JOB_FILE.matcher(f.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot clean the summarizer scratch directory {}: {}", scratch, e.toString());
        }
    }
}
