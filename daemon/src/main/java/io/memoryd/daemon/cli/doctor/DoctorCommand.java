package io.memoryd.daemon.cli.doctor;

import io.memoryd.daemon.RunDirectory;
import io.memoryd.daemon.cli.hooks.InstalledHooks;
import io.memoryd.daemon.cli.ops.Palette;
import io.memoryd.memory.workspace.WorkspaceLayout;
import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.process.EffectiveUid;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import io.memoryd.renderer.launch.CdsArchive;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * {@code memoryctl doctor [--home DIR]}: diagnoses a workspace and its daemon without changing anything.
 * Each check prints ok, warn or fail with what to do; the exit code is 0 when none failed, 1 otherwise.
 * Everything read from the machine (environment, uid, limits, disk, the daemon) comes in through the
 * constructor so that tests can break each one. Immutable; thread-safe.
 */
public final class DoctorCommand {

    /** The command's name in memoryctl. */
    public static final String NAME = "doctor";

    public static final String USAGE = """
            usage: memoryctl doctor [--home DIR] [--socket PATH]

              Checks, each reported as ok, warn or fail with what to do:
                workspace     the root that will be used and why (--home, $MEMORYD_HOME, $SIGNET_PATH, $HOME)
                memory dir    memory/ exists, is this user's and private
                database      memory/memories.db is SQLite with a schema memoryd knows (its own or the reference's)
                daemon        the daemon answers on its socket, or is not running
                run dir       the run directory is this user's, 0700 and not a symlink
                fd limit      ulimit -n against the artifact count
                free disk     space on the workspace's file system against the database
                appcds        the renderers' AppCDS archive for these jars exists
                claude hooks  memoryd's Claude Code hooks are installed and post to this workspace's socket

            Changes nothing. Exit codes: 0 when no check failed (warnings allowed); 1 when one failed; 2 for a
            bad command line.
            """;

    private final Map<String, String> env;
    private final String userHome;
    private final int uid;
    private final DaemonProbe probe;
    private final Palette palette;
    private final LongSupplier openFilesLimit;
    private final ToLongFunction<Path> usableSpace;
    private final String classpath;

    /**
     * @param env the environment (workspace variables, {@code HOME}, {@code XDG_RUNTIME_DIR},
     *     {@code CLAUDE_CONFIG_DIR})
     * @param userHome the passwd home, used when {@code HOME} is unset
     * @param openFilesLimit the soft open-files limit, -1 when unknown
     * @param usableSpace usable bytes on the file system of an existing path
     * @param classpath the class path the daemon runs with (the AppCDS archive is keyed by it)
     */
    public DoctorCommand(Map<String, String> env, String userHome, int uid, DaemonProbe probe, Palette palette,
            LongSupplier openFilesLimit, ToLongFunction<Path> usableSpace, String classpath) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
        this.uid = uid;
        this.probe = probe;
        this.palette = palette;
        this.openFilesLimit = openFilesLimit;
        this.usableSpace = usableSpace;
        this.classpath = classpath;
    }

    /** The doctor of this process: its environment, uid, limits and terminal; memoryctl's class path. */
    public static DoctorCommand forThisProcess() {
        return new DoctorCommand(System.getenv(), System.getProperty("user.home"), EffectiveUid.current(),
                new GrpcDaemonProbe(), Palette.forThisProcess(), OpenFilesLimit::soft, DoctorCommand::usable,
                System.getProperty("java.class.path"));
    }

    /** The options of {@code doctor} besides memoryctl's global ones: none. */
    public static OptionSpec options() {
        return OptionSpec.none();
    }

    /** Runs every check and prints the report; returns the exit code. */
    public int run(CommandArgs a, PrintStream out, PrintStream err) {
        if (a.has("--tcp") || a.has("--json")) {
            throw new UsageException((a.has("--tcp") ? "--tcp" : "--json") + " does not apply to doctor", NAME);
        }
        List<Finding> findings = check(a.get("--home", null), a.get("--socket", null));
        out.print(new DoctorReport(palette).render(findings));
        return findings.stream().anyMatch(f -> f.verdict() == Verdict.FAIL) ? CommandRunner.EXIT_FAILURE
                : CommandRunner.EXIT_OK;
    }

    /** Every check, in the order of the usage text; a check that throws is a failure naming the exception. */
    List<Finding> check(String homeFlag, String socketFlag) {
        WorkspaceRoots.Choice choice = WorkspaceRoots.choose(homeFlag, env, userHome);
        Path root = choice.root();
        WorkspaceLayout layout = new WorkspaceLayout(root);
        Path runDir = RunDirectory.choose(root, env);
        Path socket = socketFlag != null ? Path.of(socketFlag) : runDir.resolve("daemon.sock");
        Path hooksSocket = RunDirectory.hooksSocket(runDir);
        List<Finding> findings = new ArrayList<>();
        findings.add(attempt(WorkspaceChecks.ROOT, () -> WorkspaceChecks.root(choice)));
        findings.add(attempt(WorkspaceChecks.MEMORY, () -> WorkspaceChecks.memoryDir(layout.memoryDir(), uid)));
        findings.add(attempt(DatabaseCheck.NAME, () -> DatabaseCheck.check(layout.databasePath())));
        findings.add(attempt(DaemonChecks.DAEMON, () -> DaemonChecks.daemon(socket, root, probe)));
        findings.add(attempt(DaemonChecks.RUN_DIR, () -> DaemonChecks.runDirectory(runDir, uid)));
        findings.add(attempt(ResourceChecks.FDS, () -> ResourceChecks.fds(openFilesLimit.getAsLong(),
                WorkspaceChecks.artifactFiles(layout.memoryDir()))));
        findings.add(attempt(ResourceChecks.DISK, () -> ResourceChecks.disk(usableSpace.applyAsLong(existing(root)),
                Files.isRegularFile(layout.databasePath()) ? Files.size(layout.databasePath()) : 0)));
        findings.add(attempt(SetupChecks.CDS, () -> SetupChecks.cds(new CdsArchive(layout.privateDir().resolve("cds")),
                classpath)));
        findings.add(attempt(SetupChecks.HOOKS, () -> SetupChecks.hooks(InstalledHooks.inspect(
                InstalledHooks.settingsPath(env, userHome), hooksSocket), hooksSocket)));
        return findings;
    }

    private static Finding attempt(String name, Callable<Finding> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return Finding.fail(name, "the check itself failed: " + e, "run it again; if it persists, report it");
        }
    }

    /** {@code path}, else its nearest existing ancestor: the file system the workspace is (or will be) on. */
    private static Path existing(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }

    private static long usable(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
