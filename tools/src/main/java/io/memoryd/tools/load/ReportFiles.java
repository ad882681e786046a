package io.memoryd.tools.load;

import io.memoryd.memory.text.JsonStrings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run's HTML report and the machine-readable JSON next to it. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** The machine line every report carries: cores, memory, JVM and OS. */
    public static String machine() {
        long mem = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Runtime.getRuntime().availableProcessors() + " cores, " + mem / (1L << 30) + " GiB, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }

    /** Writes {@code html} to {@code report} and {@code json} beside it (same name, {@code .json}). */
    public static Path write(Path report, String html, String json) throws IOException {
        Path dir = report.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.writeString(report, html);
        String name = report.getFileName().toString();
        Path jsonPath = dir.resolve(name.replaceFirst("\\.html?$", "") + ".json");
        Files.writeString(jsonPath, json);
        return jsonPath;
    }

    /** A flat JSON object of figures and criteria; numbers stay numbers. */
    public static String json(Map<String, Object> figures, List<Criterion> criteria) {
        StringBuilder j = new StringBuilder("{\n");
        figures.forEach((k, v) -> j.append("  ").append(JsonStrings.quote(k)).append(": ").append(value(v)).append(",\n"));
        j.append("  \"passed\": ").append(Criterion.allPassed(criteria)).append(",\n  \"criteria\": [");
        for (int i = 0; i < criteria.size(); i++) {
            Criterion c = criteria.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(JsonStrings.quote(c.name())).append(", \"measured\": ")
                    .append(JsonStrings.quote(c.measured())).append(", \"limit\": ").append(JsonStrings.quote(c.limit()))
                    .append(", \"passed\": ").append(c.passed()).append('}');
        }
        return j.append("\n  ]\n}\n").toString();
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return JsonStrings.quote(String.valueOf(v));
    }
}
