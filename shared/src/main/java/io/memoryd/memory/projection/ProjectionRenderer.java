package io.memoryd.memory.projection;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.index.ArtifactIndexer;
import io.memoryd.memory.index.ReindexScheduler;
import io.memoryd.memory.text.JsWhitespace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Renders an agent's MEMORY.md projection (memory-model §6): reindex, read the sources, fit the ledger and
 * the temporal index into the token budget, and sync manifest back-references.
 */
public final class ProjectionRenderer {

    static final String LEDGER_HEADING = "## Session Ledger (Last 30 Days)";
    private static final int PREVIEW_CHARS = 120;

    private final ReindexScheduler reindex;
    private final ArtifactIndexer indexer;
    private final HeadSources sources;
    private final LedgerBuilder ledger;
    private final ManifestRefSync refSync;
    private final TokenBudget tokens;

    public ProjectionRenderer(ReindexScheduler reindex, ArtifactIndexer indexer, MemoryDatabase db,
            ManifestRefSync refSync, TokenBudget tokens, Clock clock, ZoneId localZone) {
        this.reindex = reindex;
        this.indexer = indexer;
        this.sources = new HeadSources(db);
        this.ledger = new LedgerBuilder(db, clock, localZone);
        this.refSync = refSync;
        this.tokens = tokens;
    }

    /** Renders the projection of {@code agent} within {@code budgetFor(maxTokens)} tokens. */
    public Projection render(AgentId agent, int maxTokens, AgentProjectionState state) {
        String agentId = agent.value();
        int budget = TokenBudget.budgetFor(maxTokens);
        reindex.run(agentId);
        Optional<Set<Path>> changed = indexer.takeChangedManifests(agentId);

        List<HeadSources.MemoryItem> memories = sources.topMemories(agentId);
        List<HeadSources.ThreadHead> heads = sources.threadHeads(agentId);
        List<HeadSources.TemporalNode> nodes = sources.temporalNodes(agentId);
        List<LedgerEntry> entries = ledger.build(agentId);

        List<String> parts = headParts(memories, heads);
        String base = ProjectionParts.join(parts);
        LedgerFit fit = fitLedger(base, entries, budget);

        refSync.sync(agentId, fit.refs(), changed, state.previousRefs());
        state.previousRefs(fit.refs());

        List<String> withLedger = new ArrayList<>(parts);
        withLedger.add(fit.block());
        String indexBlock = fitIndex(ProjectionParts.join(withLedger), temporalIndex(nodes), budget);
        if (!indexBlock.isEmpty()) {
            withLedger.add(indexBlock);
        }
        int fileCount = memories.size() + heads.size() + fit.count() + nodes.size();
        return new Projection(ProjectionParts.join(withLedger), fileCount, indexBlock);
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
    private record LedgerFit(String block, Set<String> refs, int count) {
    }

    private LedgerFit fitLedger(String base, List<LedgerEntry> entries, int budget) {
        int n = entries.size();
        String full = ledgerSection(entries, n);
        if (fits(base, full, budget)) {
            return new LedgerFit(full, refs(entries, n), n);
        }
        int lo = 1;
        int hi = n;
        int best = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (fits(base, ledgerSection(entries, mid), budget)) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best > 0) {
            return new LedgerFit(ledgerSection(entries, best), refs(entries, best), best);
        }
        if (n == 0) {
            return new LedgerFit(full, Set.of(), 0);
        }
        return new LedgerFit(ProjectionParts.section(LEDGER_HEADING, List.of(clipNotice(0, n))), Set.of(), 0);
    }

    private boolean fits(String base, String extra, int budget) {
        return tokens.fits(ProjectionParts.join(List.of(base, extra)), budget);
    }

    private static Set<String> refs(List<LedgerEntry> entries, int k) {
        Set<String> refs = new LinkedHashSet<>();
        for (int i = 0; i < k; i++) {
            if (entries.get(i).manifestPath != null) {
                refs.add(entries.get(i).manifestPath);
            }
        }
        return refs;
    }

    private static String clipNotice(int kept, int total) {
        return "- older ledger rows clipped: kept " + kept + " of " + total
                + " in-window sessions within projection budget.";
    }

    /** The ledger section showing the first {@code k} entries (memory-model §6.5, §6.8). */
    static String ledgerSection(List<LedgerEntry> entries, int k) {
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
        for (int i = 0; i < k; i++) {
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

    /** The temporal index section, or empty without nodes (memory-model §6.6). */
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

    /** Cuts the index block line by line from the end until it fits after {@code base} (§6.9). */
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
