package io.memoryd.process.status;

import io.grpc.Status;
import io.memoryd.memory.db.StorageFault;
import io.memoryd.proto.renderer.v1.FailureReason;

/**
 * The gRPC status of each storage fault, for the renderer and the daemon alike: a full disk is
 * RESOURCE_EXHAUSTED (retry once space is freed), a read-only file FAILED_PRECONDITION (an operator must
 * act), a database locked by another process UNAVAILABLE (retry later), a damaged database DATA_LOSS.
 * The reason is the fault's name, which is also a {@link FailureReason}.
 */
public final class StorageFaultStatus {

    private StorageFaultStatus() {
    }

    public static Status.Code codeOf(StorageFault fault) {
        return switch (fault) {
            case DISK_FULL -> Status.Code.RESOURCE_EXHAUSTED;
            case READ_ONLY -> Status.Code.FAILED_PRECONDITION;
            case DATABASE_LOCKED -> Status.Code.UNAVAILABLE;
            case DATABASE_CORRUPT -> Status.Code.DATA_LOSS;
        };
    }

    public static FailureReason reasonOf(StorageFault fault) {
        return FailureReason.valueOf(fault.name());
    }

    /** Whether a renderer's failure reason is a storage fault (the workspace's, not the renderer's). */
    public static boolean isStorageFault(FailureReason reason) {
        for (StorageFault fault : StorageFault.values()) {
            if (fault.name().equals(reason.name())) {
                return true;
            }
        }
        return false;
    }
}
