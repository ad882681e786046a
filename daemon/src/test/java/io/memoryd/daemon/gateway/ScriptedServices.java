package io.memoryd.daemon.gateway;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.proto.v1.WriteArtifactResponse;
import java.util.concurrent.CountDownLatch;

/**
 * Fakes of the daemon's two services for gateway tests: synthesize answers a projection naming the agent
 * (or fails with {@link #failure} when set); a write never answers and counts down {@link #writeCancelled}
 * when its call's context is cancelled; health answers a fixed response.
 */
final class ScriptedServices {

    volatile Throwable failure;
    volatile SynthesizeRequest lastSynthesize;
    final CountDownLatch writeStarted = new CountDownLatch(1);
    final CountDownLatch writeCancelled = new CountDownLatch(1);

    final MemoryServiceGrpc.MemoryServiceImplBase memory = new MemoryServiceGrpc.MemoryServiceImplBase() {
        @Override
        public void synthesize(SynthesizeRequest request, StreamObserver<SynthesizeResponse> observer) {
            lastSynthesize = request;
            if (failure != null) {
                observer.onError(failure);
                return;
            }
            observer.onNext(SynthesizeResponse.newBuilder()
                    .setContent("# Working Memory Summary\n\nfor " + request.getAgentId())
                    .setFileCount(3).setIndexBlock("").build());
            observer.onCompleted();
        }

        @Override
        public void writeArtifact(WriteArtifactRequest request, StreamObserver<WriteArtifactResponse> observer) {
            Context.current().addListener(c -> writeCancelled.countDown(), Runnable::run);
            writeStarted.countDown();
        }
    };

    final DaemonServiceGrpc.DaemonServiceImplBase daemon = new DaemonServiceGrpc.DaemonServiceImplBase() {
        @Override
        public void health(HealthRequest request, StreamObserver<HealthResponse> observer) {
            observer.onNext(HealthResponse.newBuilder().setStatus(DaemonStatus.DAEMON_SERVING).setPid(42).build());
            observer.onCompleted();
        }
    };
}
