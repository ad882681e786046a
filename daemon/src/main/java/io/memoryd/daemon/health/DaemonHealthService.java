package io.memoryd.daemon.health;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.Resources;
import io.memoryd.process.ProcessResources;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Operators' view of the daemon: health with process resources, and the renderer pool (once or streamed). */
public final class DaemonHealthService extends DaemonServiceGrpc.DaemonServiceImplBase {

    /** Open {@code WatchRendererPool} streams allowed at once; one more is refused with RESOURCE_EXHAUSTED. */
    public static final int MAX_WATCHERS = 64;

    private final long startedAtMillis;
    private final String version;
    private final String workspace;
    private final String hooksSocket;
    private final RendererPool pool;
    private final ResponsivenessProbe responsiveness;
    private final Supplier<DaemonStatus> status;
    /**
     * Process figures as of the last {@link #refresh()}. Reading them (a readlink per descriptor, /proc
     * files, sorting the responsiveness window) costs around a millisecond on a cold CPU, so a timer reads
     * them off the serving threads and a health call only copies the snapshot.
     */
    private volatile Resources resources;
    private final AtomicInteger watchers = new AtomicInteger();

    public DaemonHealthService(long startedAtMillis, String version, String workspace, String hooksSocket,
            RendererPool pool,
            ResponsivenessProbe responsiveness, Supplier<DaemonStatus> status) {
        this.startedAtMillis = startedAtMillis;
        this.version = version;
        this.workspace = workspace;
        this.hooksSocket = hooksSocket;
        this.pool = pool;
        this.responsiveness = responsiveness;
        this.status = status;
    }

    @Override
    public void health(HealthRequest request, StreamObserver<HealthResponse> observer) {
        observer.onNext(snapshot());
        observer.onCompleted();
    }

    public HealthResponse snapshot() {
        Resources sampled = resources;
        if (sampled == null) {
            sampled = freshResources();
        }
        return HealthResponse.newBuilder()
                .setStatus(status.get())
                .setUptimeMs(System.currentTimeMillis() - startedAtMillis)
                .setVersion(version)
                .setWorkspace(workspace)
                .setHooksSocket(hooksSocket)
                .setPid(ProcessHandle.current().pid())
                .setResources(sampled)
                .setPoolMode(pool.mode())
                .build();
    }

    /** Re-reads the process figures health calls report; called on a timer off the serving threads. */
    public void refresh() {
        resources = readResources();
    }

    /** The process figures read now (and kept for health calls), for the lifecycle log lines. */
    public Resources freshResources() {
        refresh();
        return resources;
    }

    private Resources readResources() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcTime = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcTime += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        return Resources.newBuilder()
                .setFds(FdInventory.count())
                .setRssBytes(ProcessResources.rssBytes())
                .setHeapUsedBytes(heap.getUsed())
                .setHeapMaxBytes(heap.getMax())
                .setGcTimeMs(gcTime)
                .setGcCount(gcCount)
                .setResponsiveness(responsiveness.snapshot())
                .setSampledAtMs(System.currentTimeMillis())
                .build();
    }

    @Override
    public void rendererPool(RendererPoolRequest request, StreamObserver<RendererPoolStatus> observer) {
        observer.onNext(pool.status());
        observer.onCompleted();
    }

    /**
     * Streams the pool status, then each change, at the pace the watcher reads (a slow one gets the latest
     * status, not a backlog); at most {@link #MAX_WATCHERS} streams at once.
     */
    @Override
    public void watchRendererPool(RendererPoolRequest request, StreamObserver<RendererPoolStatus> observer) {
        ServerCallStreamObserver<RendererPoolStatus> call = (ServerCallStreamObserver<RendererPoolStatus>) observer;
        if (watchers.incrementAndGet() > MAX_WATCHERS) {
            watchers.decrementAndGet();
            call.onError(Status.RESOURCE_EXHAUSTED.withDescription(MAX_WATCHERS
                    + " WatchRendererPool streams are open already; close one or retry later").asRuntimeException());
            return;
        }
        LatestStatusStream stream = new LatestStatusStream(call);
        call.setOnCancelHandler(() -> {
            pool.removeListener(stream);
            watchers.decrementAndGet();
        });
        stream.accept(pool.status());
        pool.addListener(stream);
        if (call.isCancelled()) {
            pool.removeListener(stream); // cancelled before it was added: the handler above found nothing to remove
        }
    }
}
