package io.memoryd.daemon.head;

import io.memoryd.memory.workspace.AgentId;

/** One synthesis run for an agent: render its projection and write it as MEMORY.md. */
@FunctionalInterface
public interface HeadJob {

    /** Runs synchronously; never throws (a failure is {@link JobOutcome#FAILED}). */
    JobOutcome run(AgentId agent);
}
