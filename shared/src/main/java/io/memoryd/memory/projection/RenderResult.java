package io.memoryd.memory.projection;

/** A projection with where its time went: the index pass that preceded it and the whole render. */
public record RenderResult(Projection projection, long reindexNanos, long totalNanos) {
}
