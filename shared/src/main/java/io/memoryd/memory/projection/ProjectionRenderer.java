package io.memoryd.memory.projection;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.db.StorageFailure;
import io.memoryd.memory.index.ArtifactIndexer;
import io.memoryd.memory.index.ReindexScheduler;
import io.memoryd.memory.text.JsWhitespace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Renders an agent's MEMORY.md projection (docs/format.md §6): reindex, read the sources, fit the ledger and
 * the temporal index into the token budget, and sync manifest back-references.
 */
public final class ProjectionRenderer {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProjectionRenderer.class);
    static final String LEDGER_HEADING = "## Session Ledger (Last 30 Days)";
    private static final int PREVIEW_CHARS = 120;

    private final ReindexScheduler reindex;
    private final ArtifactIndexer indexer;
    private final HeadSources sources;
    private final LedgerBuilder ledger;
    private final ManifestRefSync refSync;
    private final TokenBudget tokens;
    private final LedgerFitter ledgerFitter;

    public ProjectionRenderer(ReindexScheduler reindex, ArtifactIndexer indexer, MemoryDatabase db,
            ManifestRefSync refSync, TokenBudget tokens, Clock clock, ZoneId localZone) {
        this.reindex = reindex;
        this.indexer = indexer;
        this.sources = new HeadSources(db);
        this.ledger = new LedgerBuilder(db, clock, localZone);
        this.refSync = refSync;
        this.tokens = tokens;
        this.ledgerFitter = new LedgerFitter(tokens);
    }

    /** Renders the projection of {@code agent} within {@code budgetFor(maxTokens)} tokens. */
    public RenderResult render(AgentId agent, int maxTokens, AgentProjectionState state) {
        String agentId = agent.value();
        int budget = TokenBudget.budgetFor(maxTokens);
        long t0 = System.nanoTime();
        Optional<Set<Path>> changed = indexPass(agentId);
        long t1 = System.nanoTime();

        List<HeadSources.MemoryItem> memories = sources.topMemories(agentId);
        List<HeadSources.ThreadHead> heads = sources.threadHeads(agentId);
        List<HeadSources.TemporalNode> nodes = sources.temporalNodes(agentId);
        LedgerBuilder.Ledger ledgerNow = ledger.build(agentId, state);
        List<LedgerEntry> entries = ledgerNow.entries();
        long t2 = System.nanoTime();

        List<String> parts = headParts(memories, heads);
        String base = ProjectionParts.join(parts);
        LedgerFit fit = state.ledgerFit(base, entries, budget);
        if (fit == null) {
            fit = ledgerFitter.fit(base, entries, budget);
            state.ledgerFit(base, entries, budget, fit);
        }
        long t3 = System.nanoTime();

        if (syncRefs(agentId, fit.refs(), changed, state.previousRefs())) {
            state.previousRefs(fit.refs());
        }
        long t4 = System.nanoTime();

        List<String> withLedger = new ArrayList<>(parts);
        withLedger.add(fit.block());
        String withoutIndex = ProjectionParts.join(withLedger);
        String fullIndex = temporalIndex(nodes);
        String indexBlock = state.indexFit(withoutIndex, fullIndex, budget);
        if (indexBlock == null) {
            indexBlock = fitIndex(withoutIndex, fullIndex, budget);
            state.indexFit(withoutIndex, fullIndex, budget, indexBlock);
        }
        if (!indexBlock.isEmpty()) {
            withLedger.add(indexBlock);
        }
        int fileCount = memories.size() + heads.size() + fit.count() + nodes.size();
        if (log.isDebugEnabled()) {
            log.debug("render agent={} ledger={}/{} reindex={}ms sources={}ms fit={}ms sync={}ms index={}ms", agentId,
                    fit.count(), entries.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (System.nanoTime() - t4) / 1_000_000);
        }
        return new RenderResult(new Projection(ProjectionParts.join(withLedger), fileCount, indexBlock), t1 - t0,
                System.nanoTime() - t0, ledgerNow.validUntilMillis());
    }

    /**
     * Runs the agent's index pass and returns the manifests it changed. When the storage refuses the
     * pass's writes (disk full, read-only, locked beyond the busy timeout) the render goes on from what
     * is already indexed, with a warning naming the file and the fault: the writes that could not be
     * stored already failed, typed, for their callers, and a projection that lags serves the agent better
     * than none. The next pass stats every file and catches up. Any other failure fails the render.
     */
    private Optional<Set<Path>> indexPass(String agentId) {
        try {
            reindex.run(agentId);
            return indexer.takeChangedManifests(agentId);
        } catch (RuntimeException e) {
            log.warn("Rendering agent {} from the existing index; its index pass could not store its changes: {}",
                    agentId, readsStillWork(e).description());
            return Optional.empty();
        }
    }

    /**
     * Syncs manifest back-references; false (after a warning) when the storage refused the writes, so that
     * the next render tries again. Any other failure fails the render.
     */
    private boolean syncRefs(String agentId, Set<String> refs, Optional<Set<Path>> changed, Set<String> previous) {
        try {
            refSync.sync(agentId, refs, changed, previous);
            return true;
        } catch (RuntimeException e) {
            log.warn("Manifest references of agent {} not synced: {}", agentId, readsStillWork(e).description());
            return false;
        }
    }

    /** The storage fault behind {@code e} when it leaves reads working; otherwise rethrows {@code e}. */
    private static StorageFailure readsStillWork(RuntimeException e) {
        Optional<StorageFailure> failure = StorageFailure.in(e);
        if (failure.isEmpty() || !failure.get().fault().readsStillWork()) {
            throw e;
        }
        return failure.get();
    }

    private static List<String> headParts(List<HeadSources.MemoryItem> memories, List<HeadSources.ThreadHead> heads) {
        List<String> global = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (HeadSources.MemoryItem m : memories) {
            global.add("- [" + m.type() + "] " + m.content());
            if (notes.size() < 8) {
                notes.add("- " + m.content());
            }
        }
        List<String> headLines = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (HeadSources.ThreadHead h : heads) {
            headLines.add("### " + h.label());
            headLines.add("- " + h.sample());
            headLines.add("- latest=" + h.latestAt() + " source=" + h.sourceType() + " node=" + h.nodeId());
            headLines.add("");
            if (open.size() < 8) {
                open.add("- " + h.label());
            }
        }
        return new ArrayList<>(List.of(
                "# Working Memory Summary",
                ProjectionParts.section("## Global Head (Tier 1)",
                        global.isEmpty() ? List.of("- no durable global head items yet.") : global),
                ProjectionParts.section("## Thread Heads (Tier 2)",
                        headLines.isEmpty() ? List.of("- no thread heads yet.") : headLines),
                ProjectionParts.section("## Open Threads",
                        open.isEmpty() ? List.of("- no open thread heads yet.") : open),
                ProjectionParts.section("## Durable Notes & Constraints",
                        notes.isEmpty() ? List.of("- no durable notes yet.") : notes)));
    }

    /** The fitted ledger section, the manifests it references and how many sessions it shows. */
    record LedgerFit(String block, Set<String> refs, int count) {
    }

    private boolean fits(String base, String extra, int budget) {
        return tokens.fits(ProjectionParts.join(List.of(base, extra)), budget);
    }

    static String clipNotice(int kept, int total) {
        return "- older ledger rows clipped: kept " + kept + " of " + total
                + " in-window sessions within projection budget.";
    }

    /** The ledger section showing the first {@code k} entries (docs/format.md §6.5, §6.8). */
    static String ledgerSection(List<LedgerEntry> entries, int k) {
        return ledgerSection(entries, k, k);
    }

    /** The section claiming {@code k} shown entries but holding only the first {@code rowsBuilt} rows. */
    static String ledgerSection(List<LedgerEntry> entries, int k, int rowsBuilt) {
        int n = entries.size();
        if (n == 0) {
            return ProjectionParts.section(LEDGER_HEADING, List.of("- no in-window sessions yet."));
        }
        List<String> lines = new ArrayList<>(k * 2 + 4);
        if (k < n) {
            lines.add(clipNotice(k, n));
            lines.add("");
        }
        List<String> rows = new ArrayList<>(k * 2);
        String day = null;
        for (int i = 0; i < rowsBuilt; i++) {
            LedgerEntry e = entries.get(i);
            if (!e.day().equals(day)) {
                if (!rows.isEmpty()) {
                    rows.add("");
                }
                rows.add("### " + e.day());
                rows.add("");
                day = e.day();
            }
            rows.add(e.line());
        }
        lines.addAll(rows);
        return ProjectionParts.section(LEDGER_HEADING, lines);
    }

    /** The temporal index section, or empty without nodes (docs/format.md §6.6). */
    static String temporalIndex(List<HeadSources.TemporalNode> nodes) {
        if (nodes.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>(nodes.size() * 2);
        for (HeadSources.TemporalNode n : nodes) {
            lines.add("- id=" + n.id() + " kind=" + n.kind() + " source=" + n.sourceType() + " depth=" + n.depth()
                    + " session=" + orNone(n.sessionKey()) + " project=" + orNone(n.project())
                    + " ref=" + orNone(n.sourceRef()) + " latest=" + n.latestAt());
            lines.add("  summary: " + preview(n.content()));
        }
        return ProjectionParts.section("## Temporal Index", lines);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }

    static String preview(String content) {
        String text = JsWhitespace.trim(ArtifactBody.normalize(content == null ? "" : content).replaceAll("\n+", " "));
        return text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) : text;
    }

    /** Cuts the index block line by line from the end until it fits after {@code base} (docs/format.md §6.9). */
    private String fitIndex(String base, String block, int budget) {
        if (block.isEmpty()) {
            return "";
        }
        if (fits(base, block, budget)) {
            return block;
        }
        List<String> lines = new ArrayList<>(List.of(block.split("\n", -1)));
        while (lines.size() > 2) {
            lines.remove(lines.size() - 1);
            String candidate = JsWhitespace.trimEnd(String.join("\n", lines));
            if (fits(base, candidate, budget)) {
                return candidate;
            }
        }
        return "";
    }
}
