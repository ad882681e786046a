package io.memoryd.daemon.head;

import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.daemon.supervisor.SynthesisResult;
import io.memoryd.memory.head.HeadOutcome;
import io.memoryd.memory.head.HeadWriteResult;
import io.memoryd.memory.head.HeadWriter;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.AgentId;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's scheduled run: the once-per-agent noise purge, a render through the renderer pool (as a
 * synthesize call would), then the head writer with owner {@code synthesis-worker}, as the reference's job.
 * A render with no sources writes nothing ({@link JobOutcome#EMPTY}); a blank render or any failure is
 * {@link JobOutcome#FAILED} and leaves the file alone. Thread-safe when its collaborators are.
 */
public final class PoolHeadJob implements HeadJob {

    public static final String OWNER = "synthesis-worker";
    private static final Logger log = LoggerFactory.getLogger(PoolHeadJob.class);

    private final RendererPool pool;
    private final HeadWriter heads;
    private final Consumer<AgentId> purgeOnce;
    private final Duration renderTimeout;

    public PoolHeadJob(RendererPool pool, HeadWriter heads, Consumer<AgentId> purgeOnce, Duration renderTimeout) {
        this.pool = pool;
        this.heads = heads;
        this.purgeOnce = purgeOnce;
        this.renderTimeout = renderTimeout;
    }

    @Override
    public JobOutcome run(AgentId agent) {
        try {
            purgeOnce.accept(agent);
        } catch (RuntimeException e) {
            log.warn("automatic noise purge for agent {} failed: {}", agent, e.toString());
        }
        SynthesisResult rendered;
        try {
            rendered = pool.synthesize(agent, TokenBudget.DEFAULT_MAX_TOKENS)
                    .get(renderTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobOutcome.FAILED;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("scheduled render of agent {} failed: {}", agent, String.valueOf(e.getCause() == null ? e
                    : e.getCause()));
            return JobOutcome.FAILED;
        }
        if (rendered.projection().fileCount() == 0) {
            return JobOutcome.EMPTY;
        }
        if (rendered.projection().content().isBlank()) {
            return JobOutcome.FAILED;
        }
        try {
            HeadWriteResult r = heads.write(agent.value(), rendered.projection().content(), OWNER);
            return r.outcome() == HeadOutcome.BUSY ? JobOutcome.BUSY : JobOutcome.OK;
        } catch (RuntimeException e) {
            log.warn("scheduled MEMORY.md write of agent {} failed: {}", agent, e.toString());
            return JobOutcome.FAILED;
        }
    }
}
