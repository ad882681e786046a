package io.memoryd.daemon.supervisor;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.renderer.RenderEngine;
import io.memoryd.renderer.RendererService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scripted renderers for supervisor tests: each "process" is an in-process gRPC server running the real
 * {@link RendererService} over a scripted engine; tests crash them, block their renders, or make them
 * fail to start.
 */
final class FakeRenderers implements RendererLauncher, RendererChannels {

    /** Records renders; blocks them while {@link #hold} is closed; throws {@link #failure} when set. */
    final class Engine implements RenderEngine {
        @Override
        public RenderResult render(AgentId agent, int maxTokens) {
            renders.add(agent.value());
            started.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return new RenderResult(new Projection("# Working Memory Summary\n\nfor " + agent, 1, ""), 0, 1_000_000);
        }
    }

    /** A fake process; {@link #crash} ends it as a SIGKILL would. */
    final class Handle implements RendererHandle {
        final long pid = nextPid.incrementAndGet();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Integer> exited = new CompletableFuture<>();
        final Server server;

        Handle(Server server) {
            this.server = server;
        }

        void crash(int code) {
            if (server != null) {
                server.shutdownNow();
            }
            exited.complete(code);
            ready.completeExceptionally(new IllegalStateException("fake renderer exited with " + code));
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        @Override
        public void threadDump() {
        }

        @Override
        public void terminate() {
            crash(143);
        }

        @Override
        public void kill() {
            crash(137);
        }

        @Override
        public String stderrTail() {
            return "";
        }
    }

    final List<String> renders = new CopyOnWriteArrayList<>();
    final List<Handle> launched = new CopyOnWriteArrayList<>();
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile CountDownLatch started = new CountDownLatch(1);
    volatile boolean failEveryStart;
    volatile RuntimeException failure;
    private final AtomicLong nextPid = new AtomicLong(1000);
    private final String prefix = InProcessServerBuilder.generateName();

    @Override
    public RendererHandle launch(String rendererId, Path socket) throws IOException {
        if (failEveryStart) {
            Handle h = new Handle(null);
            launched.add(h);
            h.crash(3);
            return h;
        }
        Server server = InProcessServerBuilder.forName(prefix + socket).directExecutor()
                .addService(new RendererService(new RendererService.Identity(rendererId, 0, "test", "/ws", 0),
                        new Engine()))
                .build().start();
        Handle h = new Handle(server);
        launched.add(h);
        h.ready.complete(null);
        return h;
    }

    @Override
    public ManagedChannel open(Path socket) {
        return InProcessChannelBuilder.forName(prefix + socket).directExecutor().build();
    }

    void blockRenders() {
        hold = new CountDownLatch(1);
    }

    void releaseRenders() {
        hold.countDown();
    }
}
