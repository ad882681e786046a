package io.memoryd.process.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The gRPC servers and channels a test started, shut down after it: grpc-testing's {@code GrpcCleanupRule} as a
 * JUnit 5 extension (the rule itself is JUnit 4). Declare it as an instance field,
 * {@code @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();}, and wrap each server
 * and channel in {@link #register}. After each test (and after its {@code @AfterEach} methods) every registered
 * resource is shut down, the last registered first: gracefully when the test passed, at once when it failed.
 * A resource that has not terminated within the timeout (10 s unless given) is then shut down at once and the
 * test fails naming it, so a call a test left open shows instead of leaking into the next test.
 *
 * <p>Thread-safe: a resource may be registered from any thread (a launcher running on a pool's threads, say).
 */
public final class GrpcCleanupExtension implements AfterEachCallback {

    /** One registered server or channel, through the calls that end it. */
    private interface Resource {
        void shutdown();

        void shutdownNow();

        boolean awaitTermination(long nanos) throws InterruptedException;
    }

    private record RegisteredChannel(ManagedChannel channel) implements Resource {
        @Override
        public void shutdown() {
            channel.shutdown();
        }

        @Override
        public void shutdownNow() {
            channel.shutdownNow();
        }

        @Override
        public boolean awaitTermination(long nanos) throws InterruptedException {
            return channel.awaitTermination(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private record RegisteredServer(Server server) implements Resource {
        @Override
        public void shutdown() {
            server.shutdown();
        }

        @Override
        public void shutdownNow() {
            server.shutdownNow();
        }

        @Override
        public boolean awaitTermination(long nanos) throws InterruptedException {
            return server.awaitTermination(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Newest first: released in the reverse order of registration. */
    private final Deque<Resource> resources = new ConcurrentLinkedDeque<>();
    private final Duration timeout;

    /** Waits up to 10 s, altogether, for the resources to terminate. */
    public GrpcCleanupExtension() {
        this(Duration.ofSeconds(10));
    }

    /** Waits up to {@code timeout}, altogether, for the resources to terminate. */
    public GrpcCleanupExtension(Duration timeout) {
        this.timeout = timeout;
    }

    /** Shuts {@code channel} down after the test; returns it. */
    public <T extends ManagedChannel> T register(T channel) {
        resources.push(new RegisteredChannel(channel));
        return channel;
    }

    /** Shuts {@code server} down after the test; returns it. */
    public <T extends Server> T register(T server) {
        resources.push(new RegisteredServer(server));
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        boolean testFailed = context.getExecutionException().isPresent();
        List<Resource> releasing = new ArrayList<>();
        for (Resource r = resources.poll(); r != null; r = resources.poll()) {
            releasing.add(r);
            if (testFailed) {
                r.shutdownNow();
            } else {
                r.shutdown();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Resource> stuck = new ArrayList<>();
        try {
            for (Resource r : releasing) {
                if (!r.awaitTermination(Math.max(0, deadline - System.nanoTime()))) {
                    stuck.add(r);
                }
            }
        } finally {
            // also on interruption: nothing registered outlives the test
            releasing.forEach(Resource::shutdownNow);
        }
        if (!stuck.isEmpty()) {
            throw new AssertionError("gRPC resources did not terminate within " + timeout.toMillis()
                    + " ms of the test's end (a call left open?): " + stuck);
        }
    }
}
