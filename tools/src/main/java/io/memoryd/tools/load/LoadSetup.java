package io.memoryd.tools.load;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.OptionSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the command line the load scripts share: which workspace (generated or given), which daemon
 * (started here or reached by socket), and how to start it. Reads the options and connects.
 */
public final class LoadSetup {

    /** The options every load script accepts; each adds its own. */
    static final OptionSpec SPEC = OptionSpec.none().valued("--home", "--socket", "--work", "--artifacts", "--agents",
            "--seed", "--renderers", "--daemon-args", "--report");

    static final String USAGE = """
              --home DIR          workspace to use (default: one generated under --work)
              --socket PATH       target a running daemon instead of starting one
              --work DIR          where generated workspaces and reports go (default bench-out)
              --artifacts N       size of the generated workspace (default %d)
              --agents N          agents in it: default, agent-1, ... (default 4)
              --seed S            generator seed (default 42)
              --renderers N       renderers of the daemon this script starts (default 2)
              --daemon-args "..." more daemon flags, space-separated
              --report FILE       HTML report (default <work>/%s-report.html, JSON beside it)
            """;

    final Path home;
    final Path work;
    final Path report;
    final List<String> agents;
    final int artifacts;
    final int renderers;
    final List<String> daemonArgs;
    final String socket;
    private final String script;

    LoadSetup(CommandArgs a, String script, int defaultArtifacts, List<String> extraDaemonArgs, PrintStream progress)
            throws IOException {
        this.script = script;
        work = Path.of(a.get("--work", "bench-out")).toAbsolutePath();
        artifacts = a.getInt("--artifacts", defaultArtifacts, 3);
        int agentCount = a.getInt("--agents", 4, 1);
        agents = BenchWorkspace.agentIds(agentCount);
        renderers = a.getInt("--renderers", 2, 1, 64);
        socket = a.get("--socket", null);
        home = a.get("--home", null) != null ? Path.of(a.get("--home", null)).toAbsolutePath()
                : socket != null ? null
                : BenchWorkspace.prepare(work, artifacts, agentCount, a.getInt("--seed", 42), progress);
        report = Path.of(a.get("--report", work.resolve(script + "-report.html").toString()));
        List<String> args = new ArrayList<>(List.of("--renderers", Integer.toString(renderers)));
        args.addAll(extraDaemonArgs);
        String more = a.get("--daemon-args", "").trim();
        if (!more.isEmpty()) {
            args.addAll(Arrays.asList(more.split("\\s+")));
        }
        daemonArgs = List.copyOf(args);
    }

    /** Starts the daemon on the workspace, or attaches to {@code --socket}. */
    DaemonTarget connect() throws IOException {
        if (socket != null) {
            return DaemonTarget.attach(Path.of(socket));
        }
        return DaemonTarget.start(home, daemonArgs, 120);
    }

    /** The facts every report lists first. */
    Map<String, String> facts(String command) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("command", command);
        facts.put("machine", ReportFiles.machine());
        facts.put("workspace", home == null ? "(daemon at " + socket + ")" : home + " (" + artifacts + " artifacts)");
        facts.put("agents", String.join(", ", agents));
        facts.put("daemon", socket != null ? "running daemon at " + socket : "started here: " + String.join(" ", daemonArgs));
        return facts;
    }

    /**
     * Writes the run's HTML report and JSON, prints the verdict and figures on stdout (JSON with
     * {@code --json}), and returns the exit code: 0 only when every criterion passed.
     */
    int publish(CommandArgs a, Map<String, Object> figures, List<Criterion> criteria, LoadResult result,
            PrintStream out, PrintStream err) throws IOException {
        String html = HtmlReport.render("memoryd " + script, facts("scripts/" + script + " " + String.join(" ",
                a.given())), criteria, LoadFigures.rows(figures), result);
        Path json = ReportFiles.write(report, html, ReportFiles.json(figures, criteria));
        err.println(script + ": report " + report.toAbsolutePath() + ", figures " + json);
        out.print(a.has("--json") ? ReportFiles.json(figures, criteria) : LoadFigures.text(figures, criteria));
        return Criterion.allPassed(criteria) ? 0 : 1;
    }
}
