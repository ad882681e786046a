package io.memoryd.memory.projection;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.concurrent.CompletableFuture;

/**
 * Counts {@code cl100k_base} tokens and decides whether text fits a budget. Special-token text is counted
 * as ordinary text (docs/format.md §6.7), so no content can make a render fail. Thread-safe; create one per process.
 */
public final class TokenBudget {

    /** Tokens reserved below {@code max_tokens} for the generated-at stamp of the head file. */
    public static final int HEADROOM = 256;
    public static final int MIN_BUDGET = 512;
    public static final int DEFAULT_MAX_TOKENS = 5000;

    private final CompletableFuture<Encoding> encoding;

    /**
     * Starts loading the vocabulary (about 1.7 MB to parse, a third of a second) on a background thread,
     * so that it overlaps with the rest of a process's start instead of delaying it or the first render.
     */
    public TokenBudget() {
        this.encoding = CompletableFuture.supplyAsync(() -> {
            Encoding e = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
            e.countTokensOrdinary("warm up");
            return e;
        }, runnable -> {
            Thread t = new Thread(runnable, "memoryd-tokenizer-load");
            t.setDaemon(true);
            t.start();
        });
    }

    private Encoding encoding() {
        return encoding.join();
    }

    /** The projection budget for a caller's {@code max_tokens}: max(512, maxTokens − 256). */
    public static int budgetFor(int maxTokens) {
        return Math.max(MIN_BUDGET, maxTokens - HEADROOM);
    }

    public int count(String text) {
        return encoding().countTokensOrdinary(text);
    }

    /**
     * The text of the first {@code maxTokens} tokens of {@code text} (all of it when it fits): what the head
     * writer keeps of an oversized body (docs/format.md §8). A cut through a multi-byte character decodes to
     * U+FFFD, as the reference's decoder does.
     */
    public String truncate(String text, int maxTokens) {
        var result = encoding().encodeOrdinary(text, Math.max(0, maxTokens));
        return result.isTruncated() ? encoding().decode(result.getTokens()) : text;
    }

    /** Whether {@code text} has at most {@code budget} tokens; stops encoding once the budget is passed. */
    public boolean fits(String text, int budget) {
        return !encoding().encodeOrdinary(text, budget).isTruncated();
    }
}
