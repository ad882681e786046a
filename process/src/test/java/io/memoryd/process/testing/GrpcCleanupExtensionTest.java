package io.memoryd.process.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.testing.TestMethodDescriptors;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;

/** After each test the extension ends what the test registered, and fails the test when a call holds it open. */
@Timeout(30)
class GrpcCleanupExtensionTest {

    /** How the call a test left open ended, as its client heard it. */
    final CompletableFuture<Status> openCallClosed = new CompletableFuture<>();

    /** The extension's view of a test that passed ({@code failure} null) or failed with {@code failure}. */
    private static ExtensionContext testThatEnded(Throwable failure) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getExecutionException")) {
                        return Optional.ofNullable(failure);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A server whose one method takes calls and never answers them. */
    private static Server neverAnswering(GrpcCleanupExtension cleanup, String name) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition
                .builder(TestMethodDescriptors.voidMethod().getServiceName())
                .addMethod(TestMethodDescriptors.voidMethod(), (call, headers) -> new ServerCall.Listener<>() {
                })
                .build();
        return cleanup.register(InProcessServerBuilder.forName(name).directExecutor().addService(service).build()
                .start());
    }

    /** Starts a call on {@code channel} that the server never answers. */
    private void leaveACallOpen(ManagedChannel channel) {
        ClientCall<Void, Void> call = channel.newCall(TestMethodDescriptors.voidMethod(), CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                openCallClosed.complete(status);
            }
        }, new Metadata());
    }

    @Test
    void afterAPassingTest_theRegisteredServerAndChannel_areTerminated() throws Exception {
        GrpcCleanupExtension cleanup = new GrpcCleanupExtension();
        String name = InProcessServerBuilder.generateName();
        Server server = neverAnswering(cleanup, name);
        ManagedChannel channel = cleanup.register(InProcessChannelBuilder.forName(name).directExecutor().build());

        cleanup.afterEach(testThatEnded(null));

        assertTrue(server.isTerminated());
        assertTrue(channel.isTerminated());
    }

    @Test
    void callLeftOpenByAPassingTest_failsIt_namingWhatDidNotTerminate_andIsEndedAtOnce() throws Exception {
        GrpcCleanupExtension cleanup = new GrpcCleanupExtension(Duration.ofMillis(100));
        String name = InProcessServerBuilder.generateName();
        Server server = neverAnswering(cleanup, name);
        ManagedChannel channel = cleanup.register(InProcessChannelBuilder.forName(name).directExecutor().build());
        leaveACallOpen(channel);

        AssertionError e = assertThrows(AssertionError.class, () -> cleanup.afterEach(testThatEnded(null)));

        assertTrue(e.getMessage().startsWith("gRPC resources did not terminate within 100 ms"), e.getMessage());
        assertTrue(e.getMessage().contains(server.toString()), e.getMessage());
        assertNotNull(openCallClosed.get(5, TimeUnit.SECONDS));
        assertTrue(server.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(channel.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void afterAFailedTest_anOpenCallIsEndedAtOnce_addingNoFailure() throws Exception {
        GrpcCleanupExtension cleanup = new GrpcCleanupExtension();
        String name = InProcessServerBuilder.generateName();
        Server server = neverAnswering(cleanup, name);
        ManagedChannel channel = cleanup.register(InProcessChannelBuilder.forName(name).directExecutor().build());
        leaveACallOpen(channel);

        assertDoesNotThrow(() -> cleanup.afterEach(testThatEnded(new AssertionError("the test's own failure"))));

        assertNotNull(openCallClosed.get(5, TimeUnit.SECONDS));
        assertTrue(server.isTerminated());
        assertTrue(channel.isTerminated());
    }
}
