package io.memoryd.daemon;

import java.util.List;

/**
 * The JVM flags the daemon runs with ({@code scripts/memoryd}, and so the {@code memoryctl service install}
 * unit, which runs it; the load tools start the daemon with them too). Without them the JVM sizes itself for
 * the whole machine: on a 24 GB machine a 6 GB maximum heap and a 377 MB initial one, with G1's remembered
 * sets on top, for a server whose live data at 30,000 artifacts is tens of MB. The serial collector suits a
 * small heap on a few cores (no concurrent GC threads, short young pauses); the heap starts small, grows as
 * live data needs and is given back after a full collection when much of it is free. The maximum leaves
 * room for the in-process fallback render, which needs what a renderer needs. {@code scripts/lib/java-tool.sh}
 * holds the same flags for bash (a test keeps the two equal).
 */
public final class DaemonJvmFlags {

    /** In the order scripts/memoryd passes them; a user's {@code MEMORYD_JAVA_OPTS} comes after and wins. */
    public static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    /**
     * Environment the daemon gets where it is not set: at most 2 glibc malloc arenas instead of 8 per core
     * (freed native memory of SQLite and Netty otherwise stays resident in many arenas). Renderers get the
     * same from their launcher.
     */
    public static final java.util.Map<String, String> ENVIRONMENT = java.util.Map.of("MALLOC_ARENA_MAX", "2");

    private DaemonJvmFlags() {
    }
}
