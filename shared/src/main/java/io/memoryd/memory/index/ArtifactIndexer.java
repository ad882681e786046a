package io.memoryd.memory.index;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.ArtifactDocument;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.artifact.ArtifactReadException;
import io.memoryd.memory.artifact.ArtifactValidity;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.db.ArtifactRepository;
import io.memoryd.memory.db.ArtifactRow;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code memory_artifacts} in step with the artifact files (docs/format.md §4.4, §4.9):
 * a per-scope fingerprint cache skips unchanged files, changed files are read, validated and upserted in
 * batched transactions, and rows of vanished files are swept. Not thread-safe: {@link ReindexScheduler}
 * runs one pass at a time.
 */
public final class ArtifactIndexer {

    /** The global scope's key. */
    public static final String GLOBAL_SCOPE = "*";

    private static final Logger log = LoggerFactory.getLogger(ArtifactIndexer.class);
    /** Files per write transaction of an index pass; progress is reported after each. */
    public static final int BATCH_FILES = 1024;
    /** What {@link #stat} answers for a file that does not exist (compared by identity). */
    private static final FileFingerprint MISSING = new FileFingerprint(-2, -2, -2, -2);

    private final WorkspaceLayout layout;
    private final MemoryDatabase db;
    private final ArtifactDirectory directory;
    private final ArtifactFileReader reader;
    private final Clock clock;
    private final ArtifactChanges changes;
    private final IndexProgress progress;
    private final ConcurrentMap<String, Map<Path, FileFingerprint>> caches = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Path>> lastChangedManifests = new ConcurrentHashMap<>();
    /** Stats, reads and parses files in parallel; every DB write stays on the calling thread. */
    private final IndexWorkers workers =
            new IndexWorkers(Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Files per write transaction (each commits its rows with their fingerprints, so a crash loses none). */
    private final int batchSize;

    public ArtifactIndexer(WorkspaceLayout layout, MemoryDatabase db, ArtifactFileReader reader, Clock clock) {
        this(layout, db, reader, clock, ArtifactChanges.NONE);
    }

    /** @param changes tells a pass which files changed since its scope's last one (a watcher), or NONE */
    public ArtifactIndexer(WorkspaceLayout layout, MemoryDatabase db, ArtifactFileReader reader, Clock clock,
            ArtifactChanges changes) {
        this(layout, db, reader, clock, changes, IndexProgress.NONE);
    }

    /** @param progress hears each stored batch of a pass (a renderer reports it to its supervisor) */
    public ArtifactIndexer(WorkspaceLayout layout, MemoryDatabase db, ArtifactFileReader reader, Clock clock,
            ArtifactChanges changes, IndexProgress progress) {
        this(layout, db, reader, clock, changes, progress, BATCH_FILES);
    }

    /** @param batchSize files per write transaction (tests use small ones to cross batch boundaries) */
    ArtifactIndexer(WorkspaceLayout layout, MemoryDatabase db, ArtifactFileReader reader, Clock clock,
            ArtifactChanges changes, IndexProgress progress, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        this.batchSize = batchSize;
        this.changes = changes;
        this.progress = progress;
        this.layout = layout;
        this.db = db;
        this.directory = new ArtifactDirectory(layout.memoryDir());
        this.reader = reader;
        this.clock = clock;
    }

    /** The manifests changed by the latest pass of a scope, handed out once (docs/format.md §6.1 step 2). */
    public Optional<Set<Path>> takeChangedManifests(String scope) {
        return Optional.ofNullable(lastChangedManifests.remove(scope));
    }

    /**
     * Forgets one scope's in-memory cache, as a restart would: its next pass starts cold from the persisted
     * fingerprints. The caller makes sure no pass of the scope is queued or running.
     */
    public void forget(String scope) {
        caches.remove(scope);
        lastChangedManifests.remove(scope);
    }

    /** How many scopes have an in-memory cache. */
    public int cachedScopes() {
        return caches.size();
    }

    /** Forgets every in-memory cache, as a process restart would (persisted fingerprints stay). */
    public void reset() {
        caches.clear();
        lastChangedManifests.clear();
    }

    /** One decision per file that changed since the cache last saw it. */
    private record FileWork(Path file, String relativePath, FileFingerprint fingerprint, IndexOutcome outcome,
            ArtifactRow row, boolean markChanged, String fileAgent) {
    }

    /**
     * Runs one index pass for a scope ({@link #GLOBAL_SCOPE} or an agent id): over the files the change
     * source names when it can, else over every listed file.
     */
    public ReindexResult reindex(String scope) {
        ArtifactChanges.ChangeSet changeSet = changes.take(scope);
        try {
            return pass(scope, changeSet);
        } catch (RuntimeException | Error e) {
            changes.lost(scope);
            throw e;
        }
    }

    private ReindexResult pass(String scope, ArtifactChanges.ChangeSet changeSet) {
        long start = System.nanoTime();
        String scopeAgent = GLOBAL_SCOPE.equals(scope) ? null : scope;
        lastChangedManifests.remove(scope);
        Map<Path, FileFingerprint> cache = caches.get(scope);
        boolean incremental = changeSet.complete() && cache != null;
        List<Path> listed = incremental ? sorted(changeSet.files()) : directory.list();
        if (!db.read("Checking memory_artifacts", c -> tableExists(c))) {
            return new ReindexResult(scope, listed.size(), 0, 0, 0, Set.of(), true, System.nanoTime() - start, 0);
        }
        if (cache == null) {
            cache = seedColdCache(scope, scopeAgent, listed);
        }
        Set<Path> changed = new HashSet<>();
        FileFingerprint[] fingerprints = workers.map(listed, ArtifactIndexer::stat)
                .toArray(FileFingerprint[]::new);
        List<Path> dirty = new ArrayList<>();
        List<FileFingerprint> dirtyFingerprints = new ArrayList<>();
        List<Path> vanished = new ArrayList<>();
        for (int i = 0; i < fingerprints.length; i++) {
            // A file that cannot be stat'ed is skipped and keeps its cache entry (docs/format.md §4.4 5a),
            // unless the watcher saw it go: then it is gone.
            if (fingerprints[i] == MISSING) {
                if (incremental) {
                    vanished.add(listed.get(i));
                }
            } else if (fingerprints[i] != null && !fingerprints[i].equals(cache.get(listed.get(i)))) {
                dirty.add(listed.get(i));
                dirtyFingerprints.add(fingerprints[i]);
            }
        }
        Set<String> tombstoned = dirty.isEmpty() ? Set.of()
                : db.read("Reading tombstones", c -> ArtifactRepository.tombstonedTokens(c, scopeAgent));
        int upserted = 0;
        int deleted = 0;
        long readNanos = 0;
        long writeNanos = 0;
        if (!dirty.isEmpty()) {
            progress.indexed(scope, 0, dirty.size());
        }
        // The next batch is parsed on the workers while this thread writes the current one.
        IndexWorkers.Pending<FileWork> next = dirty.isEmpty() ? null
                : parse(dirty, dirtyFingerprints, 0, scopeAgent, tombstoned);
        for (int from = 0; from < dirty.size(); from += batchSize) {
            int to = Math.min(dirty.size(), from + batchSize);
            long d0 = System.nanoTime();
            List<FileWork> batch;
            try {
                batch = next.join();
            } finally {
                next = null;
            }
            int following = from + batchSize;
            if (following < dirty.size()) {
                next = parse(dirty, dirtyFingerprints, following, scopeAgent, tombstoned);
            }
            long d1 = System.nanoTime();
            int[] counts;
            try {
                counts = apply(scope, scopeAgent, batch, cache, changed);
            } catch (RuntimeException | Error e) {
                if (next != null) {
                    next.cancel();
                }
                throw e;
            }
            readNanos += d1 - d0;
            writeNanos += System.nanoTime() - d1;
            upserted += counts[0];
            deleted += counts[1];
            progress.indexed(scope, to, dirty.size());
        }
        int read = dirty.size();
        deleted += incremental ? remove(scope, scopeAgent, vanished, cache, changed)
                : sweep(scope, scopeAgent, listed, cache, changed);
        Set<Path> manifests = new HashSet<>();
        for (Path p : changed) {
            if (p.toString().endsWith("--manifest.md")) {
                manifests.add(p);
            }
        }
        lastChangedManifests.put(scope, Set.copyOf(manifests));
        caches.put(scope, cache);
        long duration = System.nanoTime() - start;
        // An incremental pass lists nothing: the files it knows are its cache (counting native JSONL rows,
        // which a listing would not show; walking 100k keys to leave them out would cost more than the pass).
        int files = incremental ? cache.size() : listed.size();
        log.debug("reindex scope={} {} files={} read={} upserted={} deleted={} in {} ms (waiting for parse {} ms, db {} ms)",
                scope, incremental ? "incremental(" + listed.size() + ")" : "full", files, read, upserted, deleted,
                duration / 1_000_000, readNanos / 1_000_000, writeNanos / 1_000_000);
        return new ReindexResult(scope, files, read, upserted, deleted, Set.copyOf(manifests), false,
                duration, listed.size());
    }

    /** The file's fingerprint; {@link #MISSING} when it does not exist, null when it cannot be stat'ed. */
    private static FileFingerprint stat(Path file) {
        try {
            return FileFingerprint.of(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return MISSING;
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts reading and parsing the batch of {@code dirty} that begins at {@code from}. */
    private IndexWorkers.Pending<FileWork> parse(List<Path> dirty, List<FileFingerprint> fingerprints, int from,
            String scopeAgent, Set<String> tombstoned) {
        int to = Math.min(dirty.size(), from + batchSize);
        return workers.start(java.util.stream.IntStream.range(from, to).boxed().toList(),
                i -> decide(dirty.get(i), fingerprints.get(i), scopeAgent, tombstoned));
    }

    /** Stops the worker pool. */
    public void close() {
        workers.close();
    }

    private FileWork decide(Path file, FileFingerprint fp, String scopeAgent, Set<String> tombstoned) {
        String rel = layout.relativize(file);
        String text;
        try {
            text = reader.read(file);
        } catch (ArtifactReadException e) {
            log.warn("Skipping artifact {}: {}", file, e.reason());
            return new FileWork(file, rel, fp, IndexOutcome.UNREADABLE, null, false, null);
        }
        ArtifactDocument doc = FrontMatterCodec.parse(text);
        String fileAgent = doc.frontMatter().string("agent_id").orElse("default");
        if (scopeAgent != null && !scopeAgent.equals(fileAgent)) {
            return new FileWork(file, rel, fp, IndexOutcome.OTHER_AGENT, null, false, fileAgent);
        }
        Optional<String> token = SessionToken.findIn(file.toString());
        if (token.isPresent() && tombstoned.contains(token.get())) {
            return new FileWork(file, rel, fp, IndexOutcome.TOMBSTONED, null, true, fileAgent);
        }
        String body = ArtifactBody.normalize(doc.body());
        Optional<String> violation = ArtifactValidity.violation(rel, doc.frontMatter(), body);
        if (violation.isPresent()) {
            log.warn("Not indexing invalid artifact {}: {}", file, violation.get());
            return new FileWork(file, rel, fp, IndexOutcome.INVALID, null, true, fileAgent);
        }
        ArtifactRow row = ArtifactRow.from(layout, file.toString(), doc.frontMatter(), body, fp.mtimeMillis(),
                ArtifactRow.Trust.NONE, IsoTime.format(clock.instant()));
        return new FileWork(file, rel, fp, IndexOutcome.INDEXED, row, true, fileAgent);
    }

    /** Writes one batch in one transaction, then updates the cache; returns {upserted, deleted}. */
    private int[] apply(String scope, String scopeAgent, List<FileWork> batch, Map<Path, FileFingerprint> cache,
            Set<Path> changed) {
        int[] counts = db.write("Indexing artifacts", c -> {
            int up = 0;
            int del = 0;
            try (ArtifactRepository.Batch rows = new ArtifactRepository.Batch(c);
                    FingerprintStore.Writer fps = new FingerprintStore.Writer(c)) {
                for (FileWork w : batch) {
                    switch (w.outcome()) {
                        case INDEXED -> {
                            rows.upsert(w.row());
                            up++;
                        }
                        case OTHER_AGENT, TOMBSTONED, INVALID ->
                                del += rows.deletePath(w.relativePath(), slash(w.file()), scopeAgent);
                        case UNREADABLE -> {
                        }
                    }
                    fps.put(scope, w.relativePath(), w.fingerprint(), w.outcome(), w.fileAgent());
                }
            }
            return new int[] {up, del};
        });
        for (FileWork w : batch) {
            cache.put(w.file(), w.fingerprint());
            if (w.markChanged()) {
                changed.add(w.file());
            }
        }
        return counts;
    }

    private static List<Path> sorted(Set<Path> files) {
        List<Path> list = new ArrayList<>(files);
        list.sort(java.util.Comparator.comparing(Path::toString));
        return list;
    }

    private int sweep(String scope, String scopeAgent, List<Path> listed, Map<Path, FileFingerprint> cache,
            Set<Path> changed) {
        Set<Path> present = new HashSet<>(listed);
        List<Path> gone = new ArrayList<>();
        for (Path key : cache.keySet()) {
            if (!present.contains(key) && !key.toString().contains(".jsonl#")) {
                gone.add(key);
            }
        }
        return remove(scope, scopeAgent, gone, cache, changed);
    }

    /** Deletes the rows and fingerprints of files that are gone. */
    private int remove(String scope, String scopeAgent, List<Path> gone, Map<Path, FileFingerprint> cache,
            Set<Path> changed) {
        if (gone.isEmpty()) {
            return 0;
        }
        int deleted = db.write("Sweeping vanished artifacts", c -> {
            int del = 0;
            try (ArtifactRepository.Batch rows = new ArtifactRepository.Batch(c);
                    FingerprintStore.Writer fps = new FingerprintStore.Writer(c)) {
                for (Path key : gone) {
                    String rel = layout.relativize(key);
                    del += rows.deletePath(rel, slash(key), scopeAgent);
                    fps.remove(scope, rel);
                }
            }
            return del;
        });
        for (Path key : gone) {
            cache.remove(key);
            changed.add(key);
        }
        return deleted;
    }

    /**
     * A new scope cache: rows already in the DB are trusted only when a persisted fingerprint vouches for
     * them; everything else gets {@link FileFingerprint#UNKNOWN} and is re-read once, and rows whose
     * files vanished while no process ran become sweep candidates.
     */
    private Map<Path, FileFingerprint> seedColdCache(String scope, String scopeAgent, List<Path> listed) {
        return db.read("Seeding the index cache", c -> {
            List<ArtifactRepository.ScopedPath> rows = ArtifactRepository.scopePaths(c, scopeAgent);
            Map<String, FingerprintStore.Entry> persisted = FingerprintStore.load(c, scope);
            Map<String, FileFingerprint> othersFiles = scopeAgent == null ? Map.of()
                    : FingerprintStore.otherAgentsFiles(c, scopeAgent);
            Map<Path, FileFingerprint> cache = new HashMap<>();
            if (rows.isEmpty() && persisted.isEmpty() && othersFiles.isEmpty()) {
                return cache;
            }
            for (ArtifactRepository.ScopedPath row : rows) {
                Path key = layout.resolve(row.sourcePath());
                FingerprintStore.Entry entry = persisted.get(row.sourcePath());
                boolean vouched = entry != null && entry.outcome() == IndexOutcome.INDEXED;
                cache.put(key, vouched ? entry.fingerprint() : FileFingerprint.UNKNOWN);
            }
            for (Path file : listed) {
                if (!cache.containsKey(file)) {
                    String rel = layout.relativize(file);
                    FingerprintStore.Entry entry = persisted.get(rel);
                    boolean vouched = entry != null && entry.outcome() != IndexOutcome.INDEXED;
                    // A file no row of this agent points at, which another scope found to be another agent's:
                    // unchanged since (the pass's stat compares), it is still not this agent's.
                    FileFingerprint other = othersFiles.get(rel);
                    cache.put(file, vouched ? entry.fingerprint() : other != null ? other : FileFingerprint.UNKNOWN);
                }
            }
            return cache;
        });
    }

    private static boolean tableExists(java.sql.Connection c) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, "memory_artifacts");
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String slash(Path p) {
        return p.toString().replace('\\', '/');
    }
}
