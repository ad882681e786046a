package io.memoryd.daemon.cli;

import io.grpc.Status;
import io.memoryd.proto.v1.GetHeadResponse;
import io.memoryd.proto.v1.HeadOutcome;
import io.memoryd.proto.v1.HeadWrite;
import java.io.PrintStream;

/**
 * How {@code memoryctl} shows heads: {@code synthesize --write}'s outcome and {@code head}'s state, one
 * {@code name: value} per line. Stateless.
 */
final class HeadCommand {

    private HeadCommand() {
    }

    /**
     * Prints a head write: {@code written <path> revision N [backup <path>]} or {@code unchanged …}. A busy
     * lease is a failure of the command (exit 1): the text was rendered but not written.
     */
    static void printWrite(HeadWrite head, PrintStream out) {
        if (head.getOutcome() == HeadOutcome.HEAD_BUSY) {
            throw Status.ABORTED.withDescription("MEMORY.md write busy (lease held by " + head.getLeaseOwner()
                    + "); rendered but not written").asRuntimeException();
        }
        String word = head.getOutcome() == HeadOutcome.HEAD_UNCHANGED ? "unchanged" : "written";
        out.println(word + " " + head.getPath() + " revision " + head.getRevision()
                + (head.getBackupPath().isEmpty() ? "" : " backup " + head.getBackupPath()));
    }

    /** Prints {@code memoryctl head}: path, revision, updated time, the lease and the scheduled runs. */
    static void printState(GetHeadResponse h, PrintStream out) {
        out.println("agent: " + h.getAgentId());
        out.println("path: " + h.getPath() + (h.getFileExists() ? "" : " (no file)"));
        out.println("revision: " + (h.getRecorded() ? Long.toString(h.getRevision()) : "none recorded"));
        out.println("updated: " + (h.getUpdatedAt().isEmpty() ? "never" : h.getUpdatedAt()));
        out.println("lease: " + (h.getLeaseOwner().isEmpty() ? "none"
                : h.getLeaseOwner() + " until " + h.getLeaseExpiresAt() + (h.getLeaseActive() ? "" : " (expired)")));
        out.println("last scheduled run: " + (h.getLastRunAt().isEmpty() ? "none" : h.getLastRunAt())
                + (h.getLastOutcome().isEmpty() ? "" : " (last outcome " + h.getLastOutcome() + ")"));
    }
}
