package io.memoryd.memory.sentence;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.text.JsWhitespace;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-sentence summaries shown in the ledger (docs/format.md §5.6): anchor picking, the deterministic
 * fallback templates, validation, and resolution through an optional {@link SentenceSource}. Regexes use
 * JavaScript's ASCII word boundary and Unicode whitespace, so results match the reference byte for byte.
 */
public final class MemorySentences {

    private static final String W = "[A-Za-z0-9_]";
    /** JavaScript's {@code \b}: a change between word and non-word characters. */
    private static final String B = "(?:(?<=" + W + ")(?!" + W + ")|(?<!" + W + ")(?=" + W + "))";
    private static final String S = JsWhitespace.CLASS;
    private static final String DIRS = "(?:platform|surfaces|integrations|libs|dist|runtimes|plugins|web|memorybench|packages)";
    private static final String FILE = "[A-Za-z0-9._-]+\\.(?:ts|tsx|js|jsx|rs|md)";

    private static final Pattern ISSUE_ANCHOR = Pattern.compile(
            B + "(?:PR|pr|issue|Issue|task|TASK)[-#:" + S.substring(1, S.length() - 1) + "]*([A-Za-z0-9._-]+)" + B);
    private static final Pattern PATH_ANCHOR = Pattern.compile(B + "(?:" + DIRS + "/[A-Za-z0-9._/-]+|" + FILE + ")" + B);
    private static final Pattern CONCRETE = Pattern.compile(B + "(?:" + DIRS + "/|PR#?|issue#?|task#?|" + FILE + ")" + B);
    /** JavaScript {@code ^(.+?[.!?])(?:\s|$)}: {@code .} stops at line terminators, {@code $} is the end of input. */
    private static final Pattern FIRST_SENTENCE =
            Pattern.compile("^([^\\n\\r\\u2028\\u2029]+?[.!?])(?:" + S + "|\\z)");
    private static final Pattern NEWLINES = Pattern.compile("\n+");

    private static final Set<String> LOW_SIGNAL = Set.of("Investigated issue.", "Worked on task.", "Reviewed code.");

    static final int MAX_TOKENS = 120;
    static final long TIMEOUT_MS = 10_000;
    static final int EXCERPT_CHARS = 4000;

    private final Clock clock;
    private final SentenceSource source;

    /** @param source the sentence writer, or null for the deterministic fallback only */
    public MemorySentences(Clock clock, SentenceSource source) {
        this.clock = clock;
        this.source = source;
    }

    /** The concrete anchor of an artifact: project basename, issue/PR, path token, harness, or "session". */
    public static String pickAnchor(String body, String project, String harness) {
        String anchor = projectBasename(project);
        if (anchor != null) {
            return anchor;
        }
        anchor = bodyAnchor(body);
        if (anchor != null) {
            return anchor;
        }
        if (!JsWhitespace.isBlank(harness)) {
            return JsWhitespace.trim(harness);
        }
        return "session";
    }

    private static String bodyAnchor(String body) {
        Matcher issue = ISSUE_ANCHOR.matcher(body);
        if (issue.find()) {
            return JsWhitespace.removeAll(issue.group());
        }
        Matcher path = PATH_ANCHOR.matcher(body);
        return path.find() ? path.group() : null;
    }

    /** POSIX basename of the trimmed project (trailing slashes ignored), or null when nothing is left. */
    static String projectBasename(String project) {
        if (project == null) {
            return null;
        }
        String p = JsWhitespace.trim(project);
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == '/') {
            end--;
        }
        String base = p.substring(p.lastIndexOf('/', end - 1) + 1, end);
        return base.isEmpty() ? null : base;
    }

    /** The deterministic template sentence for a kind. */
    public static String fallback(String body, String project, String harness, String kind) {
        String anchor = pickAnchor(body, project, harness);
        if ("compaction".equals(kind)) {
            return "Compaction for " + anchor + " preserved durable context, linked the active session state, "
                    + "and captured this summary for later MEMORY.md projection and drill-down.";
        }
        return "Session " + anchor + " captured durable " + kind + " context, preserved lineage metadata, "
                + "and recorded this artifact for MEMORY.md projection and later drill-down.";
    }

    /** Whether a sentence is acceptable for an artifact; the body is read only when needed. */
    public static boolean isValid(String text, Supplier<String> body, String project) {
        String trimmed = JsWhitespace.trim(text);
        if (LOW_SIGNAL.contains(trimmed)) {
            return false;
        }
        int words = JsWhitespace.countWords(text);
        if (words < 12 || words > 48) {
            return false;
        }
        if (trimmed.isEmpty() || ".!?".indexOf(trimmed.charAt(trimmed.length() - 1)) < 0) {
            return false;
        }
        return CONCRETE.matcher(text).find() || text.contains(pickAnchor(body.get(), project, null));
    }

    /** The sentence a ledger row shows: its stored one when valid, else the fallback (render time). */
    public static String coerce(String stored, Supplier<String> body, String project, String harness, String kind) {
        if (stored != null && !stored.isEmpty() && isValid(stored, body, project)) {
            return stored;
        }
        return fallback(body.get(), project, harness, kind);
    }

    /** Resolves the sentence for a new artifact, asking the source when there is one. */
    public MemorySentence resolve(String body, String project, String harness, String kind) {
        String generatedAt = IsoTime.format(clock.instant());
        if (source != null) {
            try {
                String reply = source.complete(prompt(body, project, kind), MAX_TOKENS, TIMEOUT_MS);
                if (reply != null) {
                    String cleaned = JsWhitespace.trim(NEWLINES.matcher(ArtifactBody.normalize(reply)).replaceAll(" "));
                    Matcher m = FIRST_SENTENCE.matcher(cleaned);
                    String candidate = m.find() ? m.group(1) : cleaned;
                    if (isValid(candidate, () -> body, project)) {
                        return new MemorySentence(candidate, MemorySentence.OK, generatedAt);
                    }
                }
            } catch (Exception e) {
                // any failure of the source means the deterministic sentence
            }
        }
        return new MemorySentence(fallback(body, project, harness, kind), MemorySentence.FALLBACK, generatedAt);
    }

    private static String prompt(String body, String project, String kind) {
        String excerpt = body.length() > EXCERPT_CHARS ? body.substring(0, EXCERPT_CHARS) : body;
        return "Write exactly one plain sentence of 12 to 48 words, ending in punctuation, that names a concrete"
                + " anchor such as the project, a path, an issue or a PR id, describing this " + kind
                + " artifact for MEMORY.md. No lists, markdown or quotes.\nProject: "
                + (project == null ? "none" : project) + "\n\n" + excerpt;
    }
}
