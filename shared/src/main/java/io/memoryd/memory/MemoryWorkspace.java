package io.memoryd.memory;

import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.artifact.StaleTempFiles;
import io.memoryd.memory.db.DatabaseException;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.db.SqliteNativeLibrary;
import io.memoryd.memory.db.SchemaMigrator;
import io.memoryd.memory.head.HeadPolicy;
import io.memoryd.memory.head.HeadWriter;
import io.memoryd.memory.index.ArtifactChanges;
import io.memoryd.memory.index.ArtifactIndexer;
import io.memoryd.memory.index.ReindexResult;
import io.memoryd.memory.index.ReindexScheduler;
import io.memoryd.memory.lock.ScopeLocks;
import io.memoryd.memory.notes.NoteIngester;
import io.memoryd.memory.projection.ManifestRefSync;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.ProjectionRenderer;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.removal.NoisePurger;
import io.memoryd.memory.removal.SessionRemover;
import io.memoryd.memory.sentence.MemorySentences;
import io.memoryd.memory.watch.WorkspaceWatch;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.PrivateFiles;
import io.memoryd.memory.workspace.WorkspaceLayout;
import io.memoryd.memory.write.ArtifactWriter;
import io.memoryd.memory.write.ManifestStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The memory core of one process for one workspace: it owns the SQLite connection, the index and its
 * caches, the writers, the renderer and every per-agent state object. A process creates one and closes it.
 * Per-agent state is kept for at most {@link WorkspaceOptions#maxAgents()} agents not in use (see
 * {@link ResidentAgents}), whatever number of agent ids callers send.
 */
public final class MemoryWorkspace implements AutoCloseable {

    private final WorkspaceLayout layout;
    private final MemoryDatabase db;
    private final ArtifactIndexer indexer;
    private final ReindexScheduler reindex;
    private final ManifestStore manifests;
    private final ArtifactWriter writer;
    private final SessionRemover remover;
    private final NoisePurger purger;
    private final ProjectionRenderer renderer;
    private final ResidentAgents agents;
    private final ScopeLocks locks;
    private final WorkspaceWatch watch;
    private final TokenBudget tokens = new TokenBudget();
    private final AtomicFileWriter files;
    private final java.time.Clock clock;

    private MemoryWorkspace(WorkspaceOptions options, MemoryDatabase db) {
        this.layout = new WorkspaceLayout(options.root());
        this.db = db;
        this.locks = new ScopeLocks(layout.lockDir());
        ArtifactFileReader reader = new ArtifactFileReader(options.maxArtifactBytes());
        this.files = new AtomicFileWriter(options.fsync());
        this.clock = options.clock();
        this.watch = options.watch().enabled() ? new WorkspaceWatch() : null;
        this.indexer = new ArtifactIndexer(layout, db, reader, options.clock(),
                watch == null ? ArtifactChanges.NONE : watch.changeLog(), options.indexProgress());
        this.reindex = new ReindexScheduler(indexer, locks);
        this.agents = new ResidentAgents(options.maxAgents(), this::forgetAgent);
        this.manifests = new ManifestStore(layout, db, locks, files, reader, options.clock(), options.localZone());
        this.writer = new ArtifactWriter(layout, db, manifests,
                new MemorySentences(options.clock(), options.sentenceSource()), files, reader, options.clock(), locks,
                options.localZone());
        this.remover = new SessionRemover(layout, db, locks, options.clock());
        this.purger = new NoisePurger(db, remover);
        ManifestRefSync refSync = new ManifestRefSync(layout, db, manifests, locks, options.clock());
        this.renderer = new ProjectionRenderer(reindex, indexer, db, refSync, tokens, options.clock(),
                options.localZone());
        if (watch != null) {
            NoteIngester notes = options.watch().ingestNotes()
                    ? new NoteIngester(layout.memoryDir(), db, reader, options.clock()) : null;
            watch.start(layout.root(), layout.memoryDir(), options.watch(), notes, this::safetyNetPass);
        }
    }

    /**
     * Opens a workspace, creating {@code memory/} and the database when absent and migrating the schema
     * when {@code options.migrate()}; otherwise fails when tables are missing. A process that migrates (the
     * daemon and the one-shot tools such as {@code memoryd render}) also removes the temp files of atomic
     * writes whose writer no longer runs ({@link StaleTempFiles}); renderers, which open without migrating
     * and are started often, leave that to the daemon that starts them.
     *
     * @throws DatabaseException naming the database when it is not SQLite or lacks the schema
     */
    public static MemoryWorkspace open(WorkspaceOptions options) {
        WorkspaceLayout layout = new WorkspaceLayout(options.root());
        try {
            PrivateFiles.createDirectories(layout.memoryDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + layout.memoryDir(), e);
        }
        if (options.migrate()) {
            new StaleTempFiles().removeFrom(layout.memoryDir());
        }
        // Before the first connection: sqlite-jdbc would otherwise extract its native library at every start.
        new SqliteNativeLibrary(layout.privateDir().resolve("native")).useForThisProcess();
        MemoryDatabase db = MemoryDatabase.open(layout.databasePath());
        try {
            if (options.migrate()) {
                new SchemaMigrator(options.clock()).migrate(db);
            } else {
                List<String> missing = SchemaMigrator.missingTables(db);
                if (!missing.isEmpty()) {
                    throw new DatabaseException(layout.databasePath(), "Checking the schema",
                            new IllegalStateException("missing tables " + missing));
                }
            }
            return new MemoryWorkspace(options, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public WorkspaceLayout layout() {
        return layout;
    }

    public ArtifactWriter writer() {
        return writer;
    }

    public ManifestStore manifests() {
        return manifests;
    }

    public SessionRemover remover() {
        return remover;
    }

    public NoisePurger purger() {
        return purger;
    }

    /**
     * A head writer for this workspace's MEMORY.md files (docs/format.md §8), sharing its database,
     * tokenizer, clock and fsync setting. Cheap to create; the daemon keeps one.
     */
    public HeadWriter headWriter(HeadPolicy policy) {
        return new HeadWriter(layout, db, tokens, files, clock, policy);
    }

    /**
     * The memory/ watch generation: moves whenever a file in memory/ changed or events may have been lost;
     * -1 when the workspace does not watch memory/ (then no file change can be ruled out).
     */
    public long watchGeneration() {
        return watch == null ? -1 : watch.generation();
    }

    /** {@link #watchGeneration()} after the watcher heard every change made before this call, else -1. */
    public long syncedWatchGeneration() {
        return watch == null ? -1 : watch.syncedGeneration();
    }

    /** The underlying database, for tests and tools that inspect it. */
    public MemoryDatabase database() {
        return db;
    }

    /** Renders an agent's projection (reindex included); renders of one agent run one at a time. */
    public Projection render(AgentId agent, int maxTokens) {
        return renderTimed(agent, maxTokens).projection();
    }

    /** {@link #render} with the time spent in the index pass and in the whole render. */
    public RenderResult renderTimed(AgentId agent, int maxTokens) {
        try (ResidentAgents.Lease lease = agents.lease(agent)) {
            AgentMemory memory = lease.memory();
            memory.renderLock.lock();
            try {
                return renderer.render(agent, maxTokens, memory.projection);
            } finally {
                memory.renderLock.unlock();
            }
        }
    }

    /** What the synthesis hook does: the once-per-process noise purge, then a render. */
    public Projection synthesize(AgentId agent, int maxTokens) {
        purgeNoiseOnce(agent);
        return render(agent, maxTokens);
    }

    /** Runs the automatic noise purge for an agent the first time it is asked in this process. */
    public int purgeNoiseOnce(AgentId agent) {
        try (ResidentAgents.Lease lease = agents.lease(agent)) {
            AgentMemory memory = lease.memory();
            synchronized (memory.noisePurged) {
                if (memory.noisePurged.get()) {
                    return 0;
                }
                int removed = purger.purge(agent.value(), NoisePurger.AUTOMATIC_REASON);
                memory.noisePurged.set(true);
                return removed;
            }
        }
    }

    /** Runs an index pass for one agent, or for all agents when {@code agent} is null. */
    public ReindexResult reindex(AgentId agent) {
        if (agent == null) {
            return reindex.run(ArtifactIndexer.GLOBAL_SCOPE);
        }
        try (ResidentAgents.Lease ignored = agents.lease(agent)) {
            return reindex.run(agent.value());
        }
    }

    /** The safety net's full pass of a scope: skipped for an agent let go meanwhile (it starts cold anyway). */
    private void safetyNetPass(String scope) {
        if (ArtifactIndexer.GLOBAL_SCOPE.equals(scope)) {
            reindex.run(scope);
            return;
        }
        agents.leaseIfResident(scope).ifPresent(lease -> {
            try (lease) {
                reindex.run(scope);
            }
        });
    }

    /** Lets go of an evicted agent's index state; no pass of its scope is queued or running (it had no lease). */
    private void forgetAgent(String agentId) {
        indexer.forget(agentId);
        if (watch != null) {
            watch.changeLog().forget(agentId);
        }
    }

    /** How much per-agent state this process holds now (tests and diagnostics). */
    public RetainedAgentState retainedAgentState() {
        return new RetainedAgentState(agents.size(), indexer.cachedScopes(),
                watch == null ? 0 : watch.changeLog().scopes().size(), locks.scopesInUse());
    }

    /** Forgets this process's caches and per-agent state, as a restart would (tests use it). */
    public void resetProcessState() {
        indexer.reset();
        agents.clear();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        reindex.close();
        indexer.close();
        db.close();
    }
}
