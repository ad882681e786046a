package io.memoryd.memory;

import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;

/** What actually renders a projection; {@code MemoryWorkspace::renderTimed} in production, fakes in tests. */
@FunctionalInterface
public interface RenderEngine {

    RenderResult render(AgentId agent, int maxTokens);
}
