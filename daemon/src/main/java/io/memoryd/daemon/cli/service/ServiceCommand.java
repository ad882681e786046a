package io.memoryd.daemon.cli.service;

import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * {@code memoryctl service install|uninstall|status}: writes, removes and reports the systemd user unit
 * {@link ServiceUnit} in {@code $XDG_CONFIG_HOME/systemd/user} (else {@code $HOME/.config/systemd/user}).
 * With a user systemd it also enables and starts, or stops and disables, the unit; without one it prints
 * the unit and the commands to run. Install and uninstall are idempotent: a second run changes nothing.
 * Immutable; thread-safe.
 */
public final class ServiceCommand {

    /** The command's name in memoryctl. */
    public static final String NAME = "service";

    public static final String USAGE = """
            usage: memoryctl service install|uninstall|status [--home DIR] [--launcher PATH]

              service install     write the systemd user unit memoryd.service that runs this checkout's
                                  scripts/memoryd --home <workspace>, restarted on failure; with systemctl --user
                                  it is enabled and started, else the unit and the commands to use it are printed
              service uninstall   stop and disable it (with systemctl --user) and remove the unit file
              service status      the unit file, whether it is this workspace's and this checkout's, and
                                  systemd's view of it when systemctl --user works

            The unit is $XDG_CONFIG_HOME/systemd/user/memoryd.service, else ~/.config/systemd/user/ ($HOME).
            --launcher names the memoryd launcher when memoryctl was not started from a checkout's scripts/.
            Running install again with the same workspace changes nothing; with another it replaces the unit.
            Exit codes: 0 on success; 1 when a file or systemctl fails; 2 for a bad command line.
            """;

    private static final List<String> ACTIONS = List.of("install", "uninstall", "status");

    private final Map<String, String> env;
    private final String userHome;
    private final Systemctl systemctl;
    private final String checkout;

    /**
     * @param env the environment ({@code HOME}, {@code XDG_CONFIG_HOME}, the workspace variables)
     * @param userHome the passwd home, used when {@code HOME} is unset
     * @param checkout the checkout memoryctl runs from (its {@code scripts/memoryd} is the launcher), or null
     */
    public ServiceCommand(Map<String, String> env, String userHome, Systemctl systemctl, String checkout) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
        this.systemctl = systemctl;
        this.checkout = checkout;
    }

    /** The command of this process: the checkout comes from {@code -Dmemoryd.checkout} (scripts/lib/java-tool.sh). */
    public static ServiceCommand forThisProcess() {
        return new ServiceCommand(System.getenv(), System.getProperty("user.home"), new ProcessSystemctl(),
                System.getProperty("memoryd.checkout"));
    }

    /** The options of {@code service} besides memoryctl's global ones; the action follows it. */
    public static OptionSpec options() {
        return OptionSpec.none().valued("--launcher").positionals(1);
    }

    /** Runs the action named in {@code a}; returns the exit code. */
    public int run(CommandArgs a, PrintStream out, PrintStream err) throws IOException {
        String action = action(a);
        if (a.has("--socket") || a.has("--tcp") || a.has("--json")) {
            throw new UsageException("--socket, --tcp and --json do not apply to service", NAME);
        }
        Path unitFile = unitFile();
        return switch (action) {
            case "install" -> install(unit(a), unitFile, out, err);
            case "uninstall" -> uninstall(unitFile, out, err);
            default -> status(a, unitFile, out);
        };
    }

    private int install(ServiceUnit unit, Path file, PrintStream out, PrintStream err) throws IOException {
        String text = unit.text();
        boolean changed = !Files.isRegularFile(file) || !Files.readString(file).equals(text);
        if (changed) {
            write(file, text);
        }
        out.println((changed ? "wrote " : "unchanged ") + file);
        if (!systemctl.available()) {
            out.println("systemctl --user is not available here; the unit is:");
            out.println();
            out.print(text);
            out.println();
            out.println("where a user systemd runs, use it with:");
            out.println("  systemctl --user daemon-reload");
            out.println("  systemctl --user enable --now " + ServiceUnit.NAME);
            return CommandRunner.EXIT_OK;
        }
        if (changed && !systemctl(err, "daemon-reload")) {
            return CommandRunner.EXIT_FAILURE;
        }
        // enable --now is idempotent; a changed unit of a running service only takes effect after a restart.
        if (!systemctl(err, "enable", "--now", ServiceUnit.NAME)
                || changed && !systemctl(err, "try-restart", ServiceUnit.NAME)) {
            return CommandRunner.EXIT_FAILURE;
        }
        out.println("enabled and started " + ServiceUnit.NAME);
        return CommandRunner.EXIT_OK;
    }

    private int uninstall(Path file, PrintStream out, PrintStream err) throws IOException {
        if (!Files.exists(file)) {
            out.println("not installed (no " + file + ")");
            return CommandRunner.EXIT_OK;
        }
        boolean systemd = systemctl.available();
        if (systemd && !systemctl(err, "disable", "--now", ServiceUnit.NAME)) {
            return CommandRunner.EXIT_FAILURE;
        }
        Files.delete(file);
        out.println("removed " + file);
        if (!systemd) {
            out.println("systemctl --user is not available here; where a user systemd runs, also use:");
            out.println("  systemctl --user disable --now " + ServiceUnit.NAME);
            out.println("  systemctl --user daemon-reload");
            return CommandRunner.EXIT_OK;
        }
        return systemctl(err, "daemon-reload") ? CommandRunner.EXIT_OK : CommandRunner.EXIT_FAILURE;
    }

    private int status(CommandArgs a, Path file, PrintStream out) throws IOException {
        out.println("unit: " + file + (Files.isRegularFile(file) ? "" : " (not installed)"));
        if (Files.isRegularFile(file) && checkout == null && !a.has("--launcher")) {
            out.println("matches: unknown (pass --launcher to compare with what install would write)");
        } else if (Files.isRegularFile(file)) {
            out.println("matches: " + (Files.readString(file).equals(unit(a).text())
                    ? "yes (this workspace and launcher)" : "no (another workspace, launcher or memoryd version; "
                    + "memoryctl service install replaces it)"));
        }
        if (!systemctl.available()) {
            out.println("systemd: systemctl --user is not available here");
            return CommandRunner.EXIT_OK;
        }
        // is-enabled and is-active answer non-zero for "disabled" and "inactive": their output is the answer.
        out.println("enabled: " + systemctl.run(List.of("is-enabled", ServiceUnit.NAME)).output());
        out.println("active: " + systemctl.run(List.of("is-active", ServiceUnit.NAME)).output());
        return CommandRunner.EXIT_OK;
    }

    /** Runs one systemctl command; on failure names it and its output on stderr and returns false. */
    private boolean systemctl(PrintStream err, String... args) throws IOException {
        Systemctl.Result r = systemctl.run(List.of(args));
        if (!r.ok()) {
            err.println("memoryctl service: systemctl --user " + String.join(" ", args) + " failed (exit "
                    + r.exitCode() + "): " + r.output());
        }
        return r.ok();
    }

    private ServiceUnit unit(CommandArgs a) {
        Path root = WorkspaceRoots.resolve(a.get("--home", null), env, userHome);
        String launcher = a.get("--launcher", null);
        if (launcher == null) {
            if (checkout == null || checkout.isBlank()) {
                throw new UsageException("cannot tell which launcher to run: start memoryctl from a checkout's "
                        + "scripts/memoryctl, or pass --launcher PATH", NAME);
            }
            launcher = Path.of(checkout, "scripts", "memoryd").toString();
        }
        return new ServiceUnit(Path.of(launcher).toAbsolutePath().normalize(), root);
    }

    /** $XDG_CONFIG_HOME/systemd/user/memoryd.service, else $HOME/.config/... (where systemd looks). */
    Path unitFile() {
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && config.startsWith("/") ? Path.of(config)
                : Path.of(WorkspaceRoots.userHome(env, userHome), ".config");
        return base.resolve("systemd").resolve("user").resolve(ServiceUnit.NAME);
    }

    /** Replaces {@code file} atomically, so that systemd never reads half a unit. */
    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(tmp, text);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String action(CommandArgs a) {
        List<String> p = a.positionals();
        if (p.isEmpty()) {
            throw new UsageException("name an action: " + String.join(", ", ACTIONS), NAME);
        }
        if (!ACTIONS.contains(p.get(0))) {
            throw new UsageException("unknown service action " + p.get(0) + " (" + String.join(", ", ACTIONS) + ")",
                    NAME);
        }
        return p.get(0);
    }
}
