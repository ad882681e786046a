package io.memoryd.daemon.supervisor;

import java.util.concurrent.CompletableFuture;

/** A started renderer process as the supervisor sees it; fakes implement it in tests. */
public interface RendererHandle {

    long pid();

    /** Completes when the READY handshake arrives; fails when the process ends first. */
    CompletableFuture<Void> ready();

    /** Completes with the exit code once the process has ended and been reaped (128+n for signal n). */
    CompletableFuture<Integer> exited();

    /** SIGQUIT: the JVM prints a thread dump to its stderr (collected in the daemon log). */
    void threadDump();

    /** SIGTERM: finish the render in flight, then exit. */
    void terminate();

    /** SIGKILL. */
    void kill();

    /** The last few KB the process wrote to stderr, for crash reports. */
    String stderrTail();
}
