package io.memoryd.memory.head;

import java.time.Duration;

/**
 * How the head writer behaves: how long a lease lasts before another writer may take it over (the
 * reference's {@code leaseTimeoutMs}, default 5 minutes) and how many backups of each head file to keep
 * (default 20).
 */
public record HeadPolicy(Duration leaseTtl, int keepBackups) {

    public static final Duration DEFAULT_LEASE_TTL = Duration.ofMillis(300_000);
    public static final int DEFAULT_KEEP_BACKUPS = 20;
    public static final HeadPolicy DEFAULTS = new HeadPolicy(DEFAULT_LEASE_TTL, DEFAULT_KEEP_BACKUPS);

    public HeadPolicy {
        if (leaseTtl.isNegative() || leaseTtl.isZero()) {
            throw new IllegalArgumentException("leaseTtl must be positive, got " + leaseTtl);
        }
        if (keepBackups < 1) {
            throw new IllegalArgumentException("keepBackups must be at least 1, got " + keepBackups);
        }
    }
}
