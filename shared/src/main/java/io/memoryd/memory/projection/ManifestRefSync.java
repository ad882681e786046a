package io.memoryd.memory.projection;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.lock.ScopeLocks;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.WorkspaceLayout;
import io.memoryd.memory.write.LoadedManifest;
import io.memoryd.memory.write.ManifestStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps manifests' back-references to the ledger in step with the latest render (docs/format.md
 * §6.11), touching only the rendering agent's manifests and doing it under the agent's lock. The paths
 * come from the database and from artifacts' front matter; one that is not a regular file directly inside
 * {@code memory/} is skipped with a warning naming it, never read or rewritten.
 */
public final class ManifestRefSync {

    private static final Logger log = LoggerFactory.getLogger(ManifestRefSync.class);

    static final String LEDGER_REF = "Session Ledger (Last 30 Days)";
    static final String LEDGER_NOTE = "## Session Ledger (Last 30 Days)\n\n"
            + "This session currently appears in the working memory ledger.";

    private final WorkspaceLayout layout;
    private final MemoryDatabase db;
    private final ManifestStore manifests;
    private final ScopeLocks locks;
    private final Clock clock;

    public ManifestRefSync(WorkspaceLayout layout, MemoryDatabase db, ManifestStore manifests, ScopeLocks locks,
            Clock clock) {
        this.layout = layout;
        this.db = db;
        this.manifests = manifests;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * Brings manifests in line with {@code refs}; {@code previousRefs} is what the agent's last render
     * referenced. Without a change set every manifest of the agent that is referenced now or has a
     * non-empty body (carries a ledger note) is checked.
     */
    public int sync(String agentId, Set<String> refs, Optional<Set<Path>> changed, Set<String> previousRefs) {
        Set<Path> files = new LinkedHashSet<>();
        if (changed.isPresent()) {
            files.addAll(changed.get());
            for (String r : refs) {
                files.add(layout.resolve(r));
            }
            for (String p : previousRefs) {
                if (!refs.contains(p)) {
                    files.add(layout.resolve(p));
                }
            }
        } else {
            for (String r : refs) {
                files.add(layout.resolve(r));
            }
            files.addAll(annotatedManifests(agentId));
        }
        if (files.isEmpty()) {
            return 0;
        }
        return locks.withLock(agentId, () -> {
            int rewritten = 0;
            for (Path file : files) {
                if (syncOne(agentId, file, refs)) {
                    rewritten++;
                }
            }
            return rewritten;
        });
    }

    private boolean syncOne(String agentId, Path file, Set<String> refs) {
        Optional<String> refusal = manifests.rewriteRefusal(file);
        if (refusal.isPresent()) {
            log.warn("Skipping manifest {} in the ledger reference sync of agent {}: {}", file, agentId,
                    refusal.get());
            return false;
        }
        Optional<LoadedManifest> loaded = manifests.load(file);
        if (loaded.isEmpty()) {
            return false;
        }
        LoadedManifest m = loaded.get();
        if (!agentId.equals(m.frontMatter().string("agent_id").orElse("default"))) {
            return false;
        }
        boolean referenced = refs.contains(m.relativePath());
        List<String> wantedRefs = referenced ? List.of(LEDGER_REF) : List.of();
        String wantedBody = referenced ? LEDGER_NOTE : "";
        List<String> currentRefs = m.frontMatter().stringElements("memory_md_refs");
        if (currentRefs.equals(wantedRefs) && m.body().equals(wantedBody)) {
            return false;
        }
        FrontMatter next = m.frontMatter().toBuilder()
                .put("memory_md_refs", wantedRefs)
                .put("revision", m.revision() + 1)
                .put("updated_at", IsoTime.format(clock.instant()))
                .put("content_sha256", ArtifactBody.sha256(wantedBody))
                .build();
        manifests.rewrite(file, next, wantedBody);
        return true;
    }

    /** The agent's manifests whose indexed body is not empty, i.e. that carry a ledger note now. */
    private List<Path> annotatedManifests(String agentId) {
        return db.read("Finding annotated manifests", c -> {
            List<Path> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT source_path FROM memory_artifacts"
                    + " WHERE agent_id = ? AND source_kind = 'manifest' AND content != ''")) {
                ps.setString(1, agentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(layout.resolve(rs.getString(1)));
                    }
                }
            }
            return out;
        });
    }
}
