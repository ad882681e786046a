package io.memoryd.memory.projection;

/**
 * A rendered MEMORY.md projection: the Markdown text, the number of sources it shows, and the temporal
 * index block already embedded at its end (empty when there is none).
 */
public record Projection(String content, int fileCount, String indexBlock) {
}
