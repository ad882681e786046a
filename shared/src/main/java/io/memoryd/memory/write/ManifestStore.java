package io.memoryd.memory.write;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.ArtifactDocument;
import io.memoryd.memory.artifact.ArtifactFileName;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.artifact.ArtifactKind;
import io.memoryd.memory.artifact.ArtifactReadException;
import io.memoryd.memory.artifact.ArtifactValidity;
import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.db.ArtifactRepository;
import io.memoryd.memory.db.ArtifactRow;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.index.FileFingerprint;
import io.memoryd.memory.lock.ScopeLocks;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.text.JsWhitespace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, loads and rewrites session manifests (docs/format.md §2.9, §5.1–5.2). Every write happens under
 * the agent's scope lock, so revisions are never torn or lost when several processes write. Manifest paths
 * come from the database and from front matter, which anyone can edit: a path that is not directly inside
 * {@code memory/}, or is a symbolic link, is never rewritten ({@link #rewriteRefusal}).
 */
public final class ManifestStore {

    private static final Logger log = LoggerFactory.getLogger(ManifestStore.class);

    private final WorkspaceLayout layout;
    private final MemoryDatabase db;
    private final ScopeLocks locks;
    private final AtomicFileWriter writer;
    private final ArtifactFileReader reader;
    private final Clock clock;
    private final ZoneId localZone;

    /** @param localZone the zone of seed times written without one (docs/format.md §9.1) */
    public ManifestStore(WorkspaceLayout layout, MemoryDatabase db, ScopeLocks locks, AtomicFileWriter writer,
            ArtifactFileReader reader, Clock clock, ZoneId localZone) {
        this.layout = layout;
        this.db = db;
        this.locks = locks;
        this.writer = writer;
        this.reader = reader;
        this.clock = clock;
        this.localZone = localZone;
    }

    /**
     * Why {@code file} must not be rewritten as a manifest, or empty when it may be: a manifest is a regular
     * file directly inside {@code memory/}. A path elsewhere (outside the workspace, or below a sub-folder
     * that may itself be a link) or a symbolic link would let an edited row or front matter make memoryd
     * write where it has no business.
     */
    public Optional<String> rewriteRefusal(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        if (!layout.memoryDir().equals(normalized.getParent())) {
            return Optional.of("it is not directly inside " + layout.memoryDir());
        }
        if (Files.isSymbolicLink(normalized)) {
            return Optional.of("it is a symbolic link");
        }
        return Optional.empty();
    }

    /** Loads a manifest file; empty when it is missing or unreadable. */
    public Optional<LoadedManifest> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            ArtifactDocument doc = FrontMatterCodec.parse(reader.read(file));
            return Optional.of(new LoadedManifest(file, layout.relativize(file), doc.frontMatter(),
                    ArtifactBody.normalize(doc.body())));
        } catch (ArtifactReadException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the session's manifest, creating it on first use (session identity is the session id). The
     * seed's times are made canonical first, so a new manifest is named and dated by the canonical form. An
     * indexed manifest path that {@link #rewriteRefusal} refuses is ignored with a warning; a refused file
     * at the session's own manifest path is an error.
     *
     * @throws InvalidTimeException naming the seed's field whose text is not a time
     * @throws IllegalStateException naming the manifest when it cannot be used
     */
    public LoadedManifest ensure(SessionInput input) {
        SessionInput seed = input.withCanonicalTimes(localZone);
        return locks.withLock(seed.agent().value(), () -> {
            String existing = db.read("Looking up a manifest", c ->
                    ArtifactRepository.manifestPathForSession(c, seed.agent().value(), seed.sessionId()));
            if (existing != null) {
                Path indexed = layout.resolve(existing);
                Optional<String> refusal = rewriteRefusal(indexed);
                if (refusal.isPresent()) {
                    log.warn("Ignoring the indexed manifest {} of session {} (agent {}): {}", indexed,
                            seed.sessionId(), seed.agent(), refusal.get());
                } else {
                    Optional<LoadedManifest> loaded = load(indexed);
                    if (loaded.isPresent()) {
                        return loaded.get();
                    }
                }
            }
            String token = SessionToken.of(seed.agent().value(), seed.sessionId());
            Path file = layout.memoryDir().resolve(ArtifactFileName.of(seed.capturedAt(), token, ArtifactKind.MANIFEST));
            refuseUnsafe(file);
            // Published without replacing: a manifest another writer (without our lock) created meanwhile wins.
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    || !writer.writeNew(file, FrontMatterCodec.serialize(freshFrontMatter(seed, token)) + "\n")) {
                return load(file).orElseThrow(() -> new IllegalStateException("Failed to load manifest " + file));
            }
            LoadedManifest created = load(file)
                    .orElseThrow(() -> new IllegalStateException("Failed to create manifest " + file));
            upsertRow(created);
            return created;
        });
    }

    /** Rewrites a manifest with {@code mutate} applied; revision +1 and {@code updated_at} = now. */
    public LoadedManifest update(AgentId agent, Path file, UnaryOperator<FrontMatter> mutate) {
        return locks.withLock(agent.value(), () -> {
            refuseUnsafe(file);
            LoadedManifest current = load(file)
                    .orElseThrow(() -> new IllegalArgumentException("Manifest not found: " + file));
            FrontMatter next = mutate.apply(current.frontMatter());
            long revision = next.isNumber("revision") ? next.longOr("revision", 0) : current.revision();
            FrontMatter written = next.toBuilder()
                    .put("revision", revision + 1)
                    .put("updated_at", IsoTime.format(clock.instant()))
                    .putIfAbsent("content_sha256", ArtifactBody.sha256(current.body()))
                    .putIfAbsent("hash_scope", ArtifactValidity.HASH_SCOPE)
                    .build();
            return rewrite(file, written, current.body());
        });
    }

    /**
     * Writes front matter and body to a manifest file and upserts its row; the caller holds the agent's
     * lock and has prepared revision and timestamps.
     */
    public LoadedManifest rewrite(Path file, FrontMatter frontMatter, String normalizedBody) {
        refuseUnsafe(file);
        writer.write(file, FrontMatterCodec.document(frontMatter, normalizedBody));
        LoadedManifest reloaded = load(file)
                .orElseThrow(() -> new IllegalStateException("Failed to reload manifest " + file));
        upsertRow(reloaded);
        return reloaded;
    }

    /** Throws (and warns) when {@link #rewriteRefusal} refuses {@code file}. */
    private void refuseUnsafe(Path file) {
        Optional<String> refusal = rewriteRefusal(file);
        if (refusal.isPresent()) {
            log.warn("Refusing manifest {}: {}", file, refusal.get());
            throw new IllegalStateException("Refusing manifest " + file + ": " + refusal.get());
        }
    }

    private void upsertRow(LoadedManifest manifest) {
        Double mtime;
        try {
            mtime = FileFingerprint.of(manifest.file()).mtimeMillis();
        } catch (IOException e) {
            mtime = (double) clock.millis();
        }
        ArtifactRow row = ArtifactRow.from(layout, manifest.file().toString(), manifest.frontMatter(), manifest.body(),
                mtime, ArtifactRow.Trust.NONE, IsoTime.format(clock.instant()));
        db.write("Indexing manifest " + manifest.file(), c -> {
            ArtifactRepository.upsert(c, row);
            return null;
        });
    }

    private static FrontMatter freshFrontMatter(SessionInput seed, String token) {
        String fsName = seed.capturedAt().replace(':', '-') + "--" + token + "--";
        String transcriptPath = seed.harness() != null && !seed.harness().isEmpty()
                ? "memory/" + harnessSlug(seed.harness()) + "/transcripts/transcript.jsonl"
                : "memory/" + fsName + "transcript.md";
        return FrontMatter.builder()
                .put("kind", ArtifactKind.MANIFEST.wireName())
                .put("agent_id", seed.agent().value())
                .put("session_id", seed.sessionId())
                .put("session_key", seed.sessionKey())
                .put("project", seed.project())
                .put("harness", seed.harness())
                .put("captured_at", seed.capturedAt())
                .put("started_at", seed.startedAt())
                .put("ended_at", seed.endedAt())
                .put("summary_path", "memory/" + fsName + "summary.md")
                .put("transcript_path", transcriptPath)
                .put("compaction_path", null)
                .put("memory_md_refs", List.of())
                .put("updated_at", seed.capturedAt())
                .put("revision", 1L)
                .put("content_sha256", ArtifactBody.EMPTY_SHA256)
                .put("hash_scope", ArtifactValidity.HASH_SCOPE)
                .build();
    }

    /** {@code sanitizeHarnessPath}: lower-case, runs outside {@code [a-z0-9._-]} become {@code -}. */
    public static String harnessSlug(String harness) {
        String slug = JsWhitespace.trim(harness).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "unknown" : slug;
    }
}
