package io.memoryd.daemon.supervisor;

import com.google.errorprone.annotations.ThreadSafe;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Forks renderer processes away from the pool's lock. The pool decides a launch under its lock (which
 * slot, which generation) and hands it here; the fork ({@link RendererLauncher#launch}, a
 * {@code ProcessBuilder.start}) then runs either in the deciding thread once it has let the lock go
 * ({@link Launch#run}) or on this class's own thread ({@link #runLater}), one at a time, so the timer and
 * callback threads never wait for one. Its outcome is handed to the launch's continuation on the thread
 * that forked, which takes the lock again to apply it. Launches under way stay listed until their
 * continuation has run, so that closing the pool can wait for the processes they start.
 */
@ThreadSafe
final class RendererLaunches implements AutoCloseable {

    private final RendererLauncher launcher;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memoryd-pool-launch");
        t.setDaemon(true);
        return t;
    });
    private final Set<Launch> underWay = ConcurrentHashMap.newKeySet();

    RendererLaunches(RendererLauncher launcher) {
        this.launcher = launcher;
    }

    /** One decided launch; its {@link #started} completes with the process, or null when it could not be started. */
    final class Launch {
        private final String rendererId;
        private final Path socket;
        private final BiConsumer<RendererHandle, Throwable> then;
        private final CompletableFuture<RendererHandle> started = new CompletableFuture<>();

        private Launch(String rendererId, Path socket, BiConsumer<RendererHandle, Throwable> then) {
            this.rendererId = rendererId;
            this.socket = socket;
            this.then = then;
        }

        /** Forks now, in the calling thread, which must not hold the pool's lock. */
        void run() {
            RendererHandle handle = null;
            Throwable failure = null;
            try {
                handle = launcher.launch(rendererId, socket);
            } catch (Throwable t) {
                failure = t;
            }
            try {
                then.accept(handle, failure);
            } finally {
                underWay.remove(this);
                started.complete(handle);
            }
        }

        CompletableFuture<RendererHandle> started() {
            return started;
        }
    }

    /**
     * Records a launch the pool decided; {@code then} gets the process or the failure, on the thread that
     * forks. Cheap: may be called under the pool's lock.
     */
    Launch decide(String rendererId, Path socket, BiConsumer<RendererHandle, Throwable> then) {
        Launch launch = new Launch(rendererId, socket, then);
        underWay.add(launch);
        return launch;
    }

    /** Forks on the launch thread. Cheap (a hand-off): may be called under the pool's lock. */
    void runLater(Launch launch) {
        try {
            thread.execute(launch::run);
        } catch (RejectedExecutionException e) {
            underWay.remove(launch);
            launch.then.accept(null, e);
            launch.started.complete(null);
        }
    }

    /** The processes of the launches not yet applied, as they come (null for one that failed). */
    List<CompletableFuture<RendererHandle>> underWay() {
        return underWay.stream().map(Launch::started).toList();
    }

    /** Lets the launches already handed over finish, and takes no more. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
