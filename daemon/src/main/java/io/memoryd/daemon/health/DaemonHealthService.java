package io.memoryd.daemon.health;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.FdCounts;
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
    /** The FD inventory as of the last refresh: reading every link of /proc/self/fd costs ~1 ms, too much
     * for a health call that must answer in a couple of milliseconds under load. */
    private volatile FdCounts fds;

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
        return HealthResponse.newBuilder()
                .setStatus(status.get())
                .setUptimeMs(System.currentTimeMillis() - startedAtMillis)
                .setVersion(version)
                .setWorkspace(workspace)
                .setPid(ProcessHandle.current().pid())
                .setResources(resources())
                .setPoolMode(pool.status().getMode())
                .build();
    }

    /** Re-reads the FD inventory; called on a timer off the serving thread, and at lifecycle points. */
    public void refreshFds() {
        fds = FdInventory.count();
    }

    /** Resources with the FD inventory read now, for the lifecycle log lines. */
    public Resources freshResources() {
        refreshFds();
        return resources();
    }

    public Resources resources() {
        FdCounts counted = fds;
        if (counted == null) {
            refreshFds();
            counted = fds;
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcTime = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcTime += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        return Resources.newBuilder()
                .setFds(counted)
                .setRssBytes(ProcessResources.rssBytes())
                .setHeapUsedBytes(heap.getUsed())
                .setHeapMaxBytes(heap.getMax())
                .setGcTimeMs(gcTime)
                .setGcCount(gcCount)
                .setResponsiveness(responsiveness.snapshot())
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
