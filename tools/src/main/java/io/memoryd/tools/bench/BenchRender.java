package io.memoryd.tools.bench;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.tools.MemoryTool;
import io.memoryd.tools.generate.WorkspaceGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The render benchmark of {@code scripts/bench-render}: for each size it generates a workspace once,
 * then per run copies it, removes the database and runs {@link BenchRun} in a fresh JVM (cold render on
 * an empty DB, warm renders, render after 10 new artifacts) and again in another fresh JVM (restart with
 * the DB kept). Prints a Markdown table of medians on stdout.
 */
public final class BenchRender {

    /** JVM flags of the measured processes: the renderer processes' heap discipline. */
    static final List<String> CHILD_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx256m");

    private static final Pattern NUMBER = Pattern.compile("\"%s\":([0-9.]+)");
    private static final Pattern WARM = Pattern.compile("\"warmMs\":\\[([^\\]]*)\\]");

    private BenchRender() {
    }

    /** The options of {@code bench-render}. */
    public static final OptionSpec SPEC = OptionSpec.none().valued("--sizes", "--runs", "--work");

    /** {@code bench-render}: prints the Markdown table; returns the exit code. */
    public static int run(CommandArgs a, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        List<Integer> sizes = a.getIntList("--sizes", "1000,8500,30000", 3);
        int runs = a.getInt("--runs", 5, 1);
        Path work = Path.of(a.get("--work", "bench-out")).toAbsolutePath();
        out.println("| N files | cold (empty DB) | warm | after 10 changes | restart (DB kept) | peak RSS |");
        out.println("|---|---|---|---|---|---|");
        for (int n : sizes) {
            Path template = work.resolve("ws-" + n);
            if (!Files.isDirectory(template.resolve("memory"))) {
                err.println("bench-render: generating " + n + " artifacts into " + template);
                WorkspaceGenerator.generate(template, n / 3, 1, 42, Instant.now().truncatedTo(ChronoUnit.SECONDS), err);
            }
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            List<Double> changed = new ArrayList<>();
            List<Double> restart = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                Path run = work.resolve("run-" + n);
                deleteTree(run);
                copyTree(template, run);
                deleteTree(run.resolve(".memoryd"));
                for (String f : new String[] {"memories.db", "memories.db-wal", "memories.db-shm"}) {
                    Files.deleteIfExists(run.resolve("memory").resolve(f));
                }
                String first = benchRun(run);
                String second = benchRun(run);
                cold.add(number(first, "firstMs"));
                warm.add(median(warmSamples(first)));
                changed.add(number(first, "afterChangesMs"));
                restart.add(number(second, "firstMs"));
                rss.add(Math.max(number(first, "peakRssMb"), number(second, "peakRssMb")));
                err.printf("bench-render: N=%d run %d/%d cold %.0f ms, warm %.1f ms, restart %.0f ms%n", n, r + 1, runs,
                        cold.get(r), warm.get(r), restart.get(r));
            }
            out.printf("| %,d | %.2f s | %.0f ms | %.0f ms | %.0f ms | %.0f MB |%n", n, median(cold) / 1000,
                    median(warm), median(changed), median(restart), median(rss));
        }
        return 0;
    }

    private static String benchRun(Path root) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHILD_JVM_FLAGS);
        String logConfig = System.getProperty("logback.configurationFile");
        if (logConfig != null) {
            command.add("-Dlogback.configurationFile=" + logConfig);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryTool.class.getName(),
                "bench-run", "--home", root.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bench-run failed on " + root + " with exit code " + p.exitValue());
        }
        return output;
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), key)).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static List<Double> warmSamples(String json) {
        Matcher m = WARM.matcher(json);
        List<Double> out = new ArrayList<>();
        if (m.find()) {
            for (String v : m.group(1).split(",")) {
                if (!v.isBlank()) {
                    out.add(Double.parseDouble(v.trim()));
                }
            }
        }
        return out;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
