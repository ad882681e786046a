package io.memoryd.daemon.supervisor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders, on a recycled renderer's successor, the agents its predecessor was serving, before the
 * successor takes the slot: a fresh renderer reads an agent's index on its first render (seconds at 30k
 * artifacts), and without this the first hook after a recycle paid for it. Best effort: a failed or late
 * warm-up render only means the successor starts cold.
 */
final class SuccessorWarmUp {

    private static final Logger log = LoggerFactory.getLogger(SuccessorWarmUp.class);

    private final RendererChannels channels;
    private final Duration perRender;

    SuccessorWarmUp(RendererChannels channels, Duration perRender) {
        this.channels = channels;
        this.perRender = perRender;
    }

    /** Renders {@code agents} one after another on the renderer at {@code socket}; completes, never fails. */
    CompletableFuture<Void> warm(String rendererId, Path socket, List<String> agents) {
        if (agents.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        ManagedChannel channel = channels.open(socket);
        RendererServiceGrpc.RendererServiceFutureStub stub = RendererServiceGrpc.newFutureStub(channel);
        long started = System.nanoTime();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String agent : agents) {
            chain = chain.thenCompose(ignored -> render(stub, rendererId, agent));
        }
        return chain.whenComplete((ignored, t) -> {
            channel.shutdownNow();
            log.info("renderer {} warmed up for {} agent(s) in {} ms before taking over", rendererId, agents.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        });
    }

    private CompletableFuture<Void> render(RendererServiceGrpc.RendererServiceFutureStub stub, String rendererId,
            String agent) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Futures.addCallback(stub.withDeadlineAfter(perRender.toMillis(), TimeUnit.MILLISECONDS)
                .render(RenderRequest.newBuilder().setRequestId(rendererId + "-warm-" + agent).setAgentId(agent)
                        .build()), new FutureCallback<RenderResponse>() {
                            @Override
                            public void onSuccess(RenderResponse response) {
                                done.complete(null);
                            }

                            @Override
                            public void onFailure(Throwable t) {
                                log.warn("renderer {}: warm-up render for agent {} failed ({}); it starts cold for it",
                                        rendererId, agent, t.toString());
                                done.complete(null);
                            }
                        }, MoreExecutors.directExecutor());
        return done;
    }
}
