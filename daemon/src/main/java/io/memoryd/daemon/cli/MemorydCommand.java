package io.memoryd.daemon.cli;

import io.memoryd.daemon.DaemonMain;
import io.memoryd.memory.tool.MemoryTool;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/memoryd}: with no command, or {@code daemon}, runs the daemon in the foreground; the
 * memory-core tools ({@code render}, {@code generate}, {@code bench-render}, ...) run in this process.
 */
public final class MemorydCommand {

    private MemorydCommand() {
    }

    public static void main(String[] args) {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty() || list.get(0).equals("daemon") || list.get(0).startsWith("--")) {
            if (list.equals(List.of("--help"))) {
                System.out.print(DaemonMain.USAGE_HEADER);
            }
            DaemonMain.main(list.isEmpty() || !list.get(0).equals("daemon") ? args
                    : list.subList(1, list.size()).toArray(String[]::new));
            return;
        }
        System.exit(MemoryTool.run(list, new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }
}
