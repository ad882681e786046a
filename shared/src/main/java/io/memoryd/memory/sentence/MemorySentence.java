package io.memoryd.memory.sentence;

/** A resolved memory sentence with its quality ({@code ok} or {@code fallback}) and when it was resolved. */
public record MemorySentence(String text, String quality, String generatedAt) {

    public static final String VERSION = "memory_sentence_v1";
    public static final String OK = "ok";
    public static final String FALLBACK = "fallback";
}
