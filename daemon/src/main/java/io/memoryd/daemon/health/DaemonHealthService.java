package io.memoryd.daemon.health;

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
import io.memoryd.renderer.ProcessResources;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Operators' view of the daemon: health with process resources, and the renderer pool (once or streamed). */
public final class DaemonHealthService extends DaemonServiceGrpc.DaemonServiceImplBase {

    private final long startedAtMillis;
    private final String version;
    private final String workspace;
    private final RendererPool pool;
    private final ResponsivenessProbe responsiveness;
    private final Supplier<DaemonStatus> status;
    /**
     * Process figures as of the last {@link #refresh()}. Reading them (a readlink per descriptor, /proc
     * files, sorting the responsiveness window) costs around a millisecond on a cold CPU, so a timer reads
     * them off the serving threads and a health call only copies the snapshot.
     */
    private volatile Resources resources;

    public DaemonHealthService(long startedAtMillis, String version, String workspace, RendererPool pool,
            ResponsivenessProbe responsiveness, Supplier<DaemonStatus> status) {
        this.startedAtMillis = startedAtMillis;
        this.version = version;
        this.workspace = workspace;
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

    @Override
    public void watchRendererPool(RendererPoolRequest request, StreamObserver<RendererPoolStatus> observer) {
        ServerCallStreamObserver<RendererPoolStatus> call = (ServerCallStreamObserver<RendererPoolStatus>) observer;
        Consumer<RendererPoolStatus> listener = s -> {
            synchronized (call) {
                if (!call.isCancelled()) {
                    call.onNext(s);
                }
            }
        };
        call.setOnCancelHandler(() -> pool.removeListener(listener));
        synchronized (call) {
            call.onNext(pool.status());
        }
        pool.addListener(listener);
    }
}
