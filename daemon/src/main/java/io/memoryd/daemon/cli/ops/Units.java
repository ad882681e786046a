package io.memoryd.daemon.cli.ops;

import java.util.Locale;

/**
 * How operator views write figures: sizes in MB (2^20 bytes, one decimal), durations as the two largest
 * units ({@code 2h 03m}), latencies in ms, and {@link #UNKNOWN} for a value not known yet (the status
 * messages carry 0 or -1 there). Stateless.
 */
public final class Units {

    /** Shown for a value that is not known (yet), instead of 0 or -1. */
    public static final String UNKNOWN = "–";

    private static final double MB = 1024.0 * 1024.0;

    private Units() {
    }

    /** {@code bytes} as {@code 182.4 MB}; unknown when not positive. */
    public static String megabytes(long bytes) {
        return bytes <= 0 ? UNKNOWN : String.format(Locale.ROOT, "%.1f MB", bytes / MB);
    }

    /** A latency as {@code 1.2 ms} (two decimals below 1 ms); unknown when negative. */
    public static String millis(double ms) {
        if (ms < 0 || Double.isNaN(ms)) {
            return UNKNOWN;
        }
        return String.format(Locale.ROOT, ms < 1 ? "%.2f ms" : "%.1f ms", ms);
    }

    /** An uptime or age as {@code 850 ms}, {@code 12s}, {@code 4m 05s}, {@code 2h 03m}, {@code 3d 04h}. */
    public static String duration(long ms) {
        if (ms < 0) {
            return UNKNOWN;
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, s % 86_400 / 3600);
    }

    /** An uptime that 0 means "not running": unknown then. */
    public static String uptime(long ms) {
        return ms <= 0 ? UNKNOWN : duration(ms);
    }

    /** A count with thousands separators ({@code 12,345}); unknown when negative. */
    public static String count(long n) {
        return n < 0 ? UNKNOWN : String.format(Locale.ROOT, "%,d", n);
    }

    /** A process id; unknown when not positive (no process yet). */
    public static String pid(long pid) {
        return pid <= 0 ? UNKNOWN : Long.toString(pid);
    }
}
