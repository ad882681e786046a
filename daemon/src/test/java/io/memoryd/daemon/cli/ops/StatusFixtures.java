package io.memoryd.daemon.cli.ops;

import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.FdCounts;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.proto.v1.Resources;
import io.memoryd.proto.v1.Responsiveness;

/** Fixed status messages, as a daemon would answer them, for the golden tests of the operator views. */
final class StatusFixtures {

    static final long MB = 1024 * 1024;

    private StatusFixtures() {
    }

    /** A daemon serving for 2h 3m 4s with every figure measured. */
    static HealthResponse servingHealth() {
        return HealthResponse.newBuilder().setStatus(DaemonStatus.DAEMON_SERVING).setUptimeMs(7_384_000)
                .setVersion("0.9.0").setWorkspace("/home/me/.agents").setPid(4242)
                .setPoolMode(PoolMode.POOL_DEGRADED).setHooksSocket("/home/me/.agents/.memoryd/run/hooks.sock")
                .setResources(Resources.newBuilder()
                        .setFds(FdCounts.newBuilder().setTotal(41).setArtifactFiles(0).setSockets(14).setInotify(1)
                                .setPipes(6).setDatabase(3).setOther(17))
                        .setRssBytes(191 * MB + MB / 2).setHeapUsedBytes(42 * MB).setHeapMaxBytes(512 * MB)
                        .setGcTimeMs(1_340).setGcCount(87)
                        .setResponsiveness(Responsiveness.newBuilder().setLastMs(0.42).setP99Ms(1.8).setMaxMs(12.5)
                                .setSamples(600))
                        .setSampledAtMs(1_764_000_000_000L))
                .build();
    }

    /** A daemon that has just started: nothing measured yet, no hook gateway. */
    static HealthResponse startingHealth() {
        return HealthResponse.newBuilder().setStatus(DaemonStatus.DAEMON_STARTING).setVersion("0.9.0")
                .setWorkspace("/w").setPid(7).build();
    }

    /** Three slots: one ready after a kill, one in backoff after failures, one that never started. */
    static RendererPoolStatus degradedPool() {
        return RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_DEGRADED)
                .addSlots(RendererSlotStatus.newBuilder().setSlot(0).setRendererId("r0-3").setPid(51234)
                        .setGeneration(3).setState(RendererState.RENDERER_READY).setUptimeMs(3_725_000)
                        .setRendersServed(12_345).setRendersFailed(0).setHeapUsedBytes(58 * MB)
                        .setRssBytes(176 * MB).setOpenFds(38)
                        .setLastExit(ExitReason.newBuilder().setKind(ExitKind.EXIT_KILLED_BY_SIGNAL).setCode(9)
                                .setAt("2026-12-03T10:00:00Z")))
                .addSlots(RendererSlotStatus.newBuilder().setSlot(1).setRendererId("r1-7").setGeneration(7)
                        .setState(RendererState.RENDERER_BACKOFF).setRendersServed(40).setRendersFailed(3)
                        .setOpenFds(-1)
                        .setLastExit(ExitReason.newBuilder().setKind(ExitKind.EXIT_FAILED_START).setDetail("boom")))
                .addSlots(RendererSlotStatus.newBuilder().setSlot(2).setState(RendererState.RENDERER_STARTING)
                        .setOpenFds(-1))
                .setTotals(PoolTotals.newBuilder().setRenders(12_385).setCoalesced(210).setRetries(4)
                        .setFallbacks(2).setTimeouts(0).setRejections(0))
                .build();
    }

    /** What a pool answers before any slot reported: no slots, empty totals. */
    static RendererPoolStatus emptyPool() {
        return RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_NORMAL).build();
    }
}
