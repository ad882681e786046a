package io.memoryd.memory.sentence;

/**
 * Something that can write a memory sentence for an artifact (an LLM in the reference). memoryd ships no
 * implementation; without one every sentence is the deterministic fallback.
 */
@FunctionalInterface
public interface SentenceSource {

    /**
     * Answers a prompt with at most {@code maxTokens} tokens within {@code timeoutMillis}.
     *
     * @throws Exception any failure, which makes the caller use the fallback sentence
     */
    String complete(String prompt, int maxTokens, long timeoutMillis) throws Exception;
}
