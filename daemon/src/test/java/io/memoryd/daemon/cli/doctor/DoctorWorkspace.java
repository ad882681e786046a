package io.memoryd.daemon.cli.doctor;

import io.memoryd.daemon.RunDirectory;
import io.memoryd.daemon.cli.hooks.HooksCommand;
import io.memoryd.daemon.cli.ops.Palette;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.db.SchemaMigrator;
import io.memoryd.memory.workspace.WorkspaceLayout;
import io.memoryd.process.EffectiveUid;
import io.memoryd.process.cli.CommandSet;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.renderer.launch.CdsArchive;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A workspace in which every doctor check passes ($HOME/.agents with memory/, a migrated database, a private
 * run directory, the AppCDS archive, the Claude Code hooks), and the knobs a test turns to break one.
 * Not thread-safe.
 */
final class DoctorWorkspace {

    final Path home;
    final Path root;
    final WorkspaceLayout layout;
    final Map<String, String> env;
    final Path runDir;
    final Path socket;
    final String classpath;
    DaemonProbe probe;
    long openFilesLimit = 65_536;
    long usableBytes = 50L << 30;

    DoctorWorkspace(Path dir) throws Exception {
        home = dir.resolve("home");
        root = home.resolve(".agents");
        layout = new WorkspaceLayout(root);
        env = Map.of("HOME", home.toString(), "CLAUDE_CONFIG_DIR", dir.resolve("claude").toString());
        Files.createDirectories(layout.memoryDir(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try (MemoryDatabase db = MemoryDatabase.open(layout.databasePath())) {
            new SchemaMigrator(Clock.systemUTC()).migrate(db);
        }
        runDir = RunDirectory.choose(root, env);
        Files.createDirectories(runDir.getParent());
        Files.createDirectory(runDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = runDir.resolve("daemon.sock");
        Files.createFile(socket); // the fake probe answers; the check only needs something at the path
        Path jar = Files.createFile(dir.resolve("memoryd.jar"));
        classpath = jar.toString() + File.pathSeparator + Files.createFile(dir.resolve("grpc.jar"));
        Path archive = new CdsArchive(layout.privateDir().resolve("cds")).fileFor(classpath);
        Files.createDirectories(archive.getParent());
        Files.createFile(archive);
        hooks("install");
        probe = s -> HealthResponse.newBuilder().setStatus(DaemonStatus.DAEMON_SERVING).setPid(7)
                .setWorkspace(root.toString()).setVersion("test").build();
    }

    /** Runs {@code memoryctl hooks <action> claude-code} on this workspace's settings. */
    void hooks(String action, String... more) {
        CommandSet syntax = CommandSet.withGlobal(OptionSpec.none().valued("--home", "--socket", "--tcp")
                .flags("--json")).command(HooksCommand.NAME, HooksCommand.options());
        List<String> args = new java.util.ArrayList<>(List.of("hooks", action, "claude-code"));
        args.addAll(List.of(more));
        int code = new HooksCommand(env, "/nonexistent", Clock.systemUTC()).run(syntax.parse(args),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err);
        if (code != 0) {
            throw new IllegalStateException("hooks " + action + " exited " + code);
        }
    }

    DoctorCommand doctor() {
        return new DoctorCommand(env, "/nonexistent", EffectiveUid.current(), probe, Palette.plain(),
                () -> openFilesLimit, p -> usableBytes, classpath);
    }

    /** The findings of every check with no --home and no --socket (the root comes from $HOME). */
    List<Finding> findings() {
        return doctor().check(null, null);
    }

    /** The finding of check {@code name}. */
    Finding finding(String name) {
        return findings().stream().filter(f -> f.check().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name));
    }
}
