package io.memoryd.memory;

/**
 * How much per-agent state a process holds at one moment: agents whose state it keeps, index scopes with
 * an in-memory cache (the agents' plus the global scope once it ran), scopes the change log records for,
 * and scopes with an in-process lock held or waited for.
 */
public record RetainedAgentState(int agents, int indexCaches, int changeLogScopes, int scopeLocks) {
}
