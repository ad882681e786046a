package io.memoryd.daemon.api;

import io.memoryd.memory.projection.TokenBudget;

/**
 * The bounds of the hook API's request fields: the longest value each string field may have and the range
 * of {@code max_tokens}. A request past one is refused with INVALID_ARGUMENT naming the field and the
 * limit, before it is queued. ({@code agent_id} has its own rule, 1-128 characters; {@code text} is bounded
 * by the servers' 10 MiB message limit.)
 */
final class RequestLimits {

    static final int SESSION_ID_CHARS = 256;
    static final int SESSION_KEY_CHARS = 256;
    static final int PROJECT_CHARS = 4096;
    static final int HARNESS_CHARS = 64;
    static final int REASON_CHARS = 1024;
    /** captured_at, started_at, ended_at: ISO-8601 times are about 30 characters. */
    static final int TIME_CHARS = 64;
    static final int MIN_MAX_TOKENS = 256;
    static final int MAX_MAX_TOKENS = 100_000;

    private RequestLimits() {
    }

    /** Refuses a value longer than {@code max} characters. */
    static void length(String field, String value, int max) {
        if (value.length() > max) {
            throw ApiErrors.invalidField(field, "must be at most " + max + " characters, got " + value.length());
        }
    }

    /** The token budget a request asks for: 0 means the default; otherwise 256..100000. */
    static int maxTokens(int requested) {
        if (requested == 0) {
            return TokenBudget.DEFAULT_MAX_TOKENS;
        }
        if (requested < MIN_MAX_TOKENS || requested > MAX_MAX_TOKENS) {
            throw ApiErrors.invalidField("max_tokens", "must be 0 (the default, " + TokenBudget.DEFAULT_MAX_TOKENS
                    + ") or between " + MIN_MAX_TOKENS + " and " + MAX_MAX_TOKENS + ", got " + requested);
        }
        return requested;
    }
}
