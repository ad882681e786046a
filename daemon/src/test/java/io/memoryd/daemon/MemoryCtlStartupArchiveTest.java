package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/memoryctl} as hooks run it, a real process against a real daemon: its AppCDS archive (made
 * by the first call, {@code scripts/lib/client-jvm.sh}) must never change what a call prints or whether it
 * succeeds. Runs the jars of the last build ({@code MEMORYD_BUILD_CHECK=off}, so that no test starts Maven)
 * and is skipped when they are absent; each test has an archive directory of its own.
 */
@Timeout(300)
class MemoryCtlStartupArchiveTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    /** How -Xlog:class+load names a class that came from the dynamic (top) archive. */
    private static final String ARCHIVED = "io.memoryd.daemon.cli.MemoryCtl source: shared objects file (top)";

    @TempDir
    static Path home;
    private static DaemonProcess daemon;

    @TempDir
    Path dir;
    private Path cds;

    private record Call(int exit, String out, String err) {
    }

    /** A started memoryctl and the files its stdout and stderr go to. */
    private record Running(Process process, Path out, Path err) {

        Call finish() throws Exception {
            assertTrue(DaemonProcess.endsByItself(process, 120), "memoryctl did not end");
            return new Call(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    static void startDaemon() throws Exception {
        for (String built : List.of("daemon/target/memoryd-daemon-0.1.0-SNAPSHOT.jar",
                "daemon/target/runtime-classpath.txt", "tools/target/memoryd-tools-0.1.0-SNAPSHOT.jar",
                "tools/target/runtime-classpath.txt", "scripts/memoryctl")) {
            assumeTrue(Files.exists(ROOT.resolve(built)), "not built: " + built);
        }
        daemon = DaemonProcess.start(home, "--renderers", "1");
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @BeforeEach
    void archiveDirectory() {
        cds = dir.resolve("cds");
    }

    private Running start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/memoryctl").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--home", home.toString()));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("MEMORYD_BUILD_CHECK", "off");
        pb.environment().put("MEMORYD_CDS_DIR", cds.toString());
        pb.environment().remove("MEMORYD_JAVA_OPTS");
        pb.environment().remove("MEMORYD_CDS");
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    private Call memoryctl(Map<String, String> env, String... args) throws Exception {
        return start(env, args).finish();
    }

    /** What {@code synthesize} prints on the empty workspace without an archive. */
    private String withoutArchive() throws Exception {
        Call plain = memoryctl(Map.of("MEMORYD_CDS", "off"), "synthesize");
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains("# Working Memory Summary"), plain.out());
        return plain.out();
    }

    /** A synthesize call that logs where its classes came from, and that log. */
    private record Traced(Call call, String classes) {
    }

    private Traced tracedSynthesize() throws Exception {
        Path log = dir.resolve("classes.log");
        Call call = memoryctl(Map.of("MEMORYD_JAVA_OPTS", "-Xlog:class+load:file=" + log), "synthesize");
        return new Traced(call, Files.readString(log));
    }

    private List<Path> archives() throws IOException {
        return list(".jsa");
    }

    private List<Path> temporaryFiles() throws IOException {
        return list(".tmp-");
    }

    private List<Path> list(String namePart) throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(f -> f.getFileName().toString().contains(namePart)).sorted().toList();
        }
    }

    /** Rewrites a read-only archive the way only a damaged disk or another program would. */
    private static void overwrite(Path archive, byte[] bytes) throws IOException {
        assertTrue(archive.toFile().setWritable(true, true));
        Files.write(archive, bytes);
    }

    @Test
    void firstCall_makesTheArchiveQuietlyAndPrintsWhatACallWithoutItPrints() throws Exception {
        String expected = withoutArchive();

        Call first = memoryctl(Map.of(), "synthesize");

        assertEquals(0, first.exit(), first.err());
        assertEquals(expected, first.out());
        assertEquals("", first.err());
        assertEquals(1, archives().size(), "archives: " + archives());
        assertEquals(List.of(), temporaryFiles());
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(cds),
                "the archive directory is private");
    }

    @Test
    void laterCalls_loadTheirClassesFromTheArchiveAndPrintTheSame() throws Exception {
        String expected = withoutArchive();
        assertEquals(0, memoryctl(Map.of(), "synthesize").exit());
        List<Path> made = archives();

        Traced later = tracedSynthesize();

        assertEquals(0, later.call().exit(), later.call().err());
        assertEquals(expected, later.call().out());
        assertTrue(later.classes().contains(ARCHIVED), "MemoryCtl was not loaded from the archive");
        assertEquals(made, archives(), "a fresh archive is kept, not made again");
    }

    @Test
    void anArchiveOfGarbageDatedAsMade_reachesTheJvmWhichIgnoresIt() throws Exception {
        String expected = withoutArchive();
        assertEquals(0, memoryctl(Map.of(), "synthesize").exit());
        Path archive = archives().get(0);
        FileTime made = Files.getLastModifiedTime(archive);
        byte[] garbage = new byte[(int) Files.size(archive)];
        Arrays.fill(garbage, (byte) 0x5a);
        overwrite(archive, garbage);
        Files.setLastModifiedTime(archive, made);

        Traced call = tracedSynthesize();

        assertEquals(0, call.call().exit(), call.call().err());
        assertEquals(expected, call.call().out());
        assertFalse(call.classes().contains(ARCHIVED), "classes came from an archive of garbage");
        assertEquals(List.of(archive), archives(), "the script handed the archive to the JVM, not made a new one");
    }

    @Test
    void anArchiveOlderThanItsJars_isMadeAgain() throws Exception {
        String expected = withoutArchive();
        assertEquals(0, memoryctl(Map.of(), "synthesize").exit());
        Path archive = archives().get(0);
        // dated back, both files alike, to before the jars were built: as if the jars were rebuilt since
        Path made = archive.resolveSibling(archive.getFileName().toString().replace(".jsa", ".made"));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(0));
        Files.setLastModifiedTime(made, FileTime.fromMillis(0));

        Call call = memoryctl(Map.of(), "synthesize");

        assertEquals(0, call.exit(), call.err());
        assertEquals(expected, call.out());
        List<Path> now = archives();
        assertEquals(1, now.size(), "archives: " + now);
        assertFalse(now.contains(archive), "a stale archive is still there");
    }

    @Test
    void aTruncatedArchive_isNeverMappedAndIsMadeAgain() throws Exception {
        String expected = withoutArchive();
        assertEquals(0, memoryctl(Map.of(), "synthesize").exit());
        Path archive = archives().get(0);
        byte[] head;
        try (InputStream in = Files.newInputStream(archive)) {
            head = in.readNBytes((int) Files.size(archive) / 2);
        }
        overwrite(archive, head);

        Call call = memoryctl(Map.of(), "synthesize");

        assertEquals(0, call.exit(), call.err());
        assertEquals(expected, call.out());
        List<Path> now = archives();
        assertEquals(1, now.size(), "archives: " + now);
        assertTrue(Files.size(now.get(0)) > head.length, "the truncated archive is replaced by a whole one");
    }

    @Test
    void twoFirstCallsAtOnce_bothSucceedAndLeaveOneArchive() throws Exception {
        String expected = withoutArchive();

        Running a = start(Map.of(), "synthesize");
        Running b = start(Map.of(), "synthesize");

        for (Call call : List.of(a.finish(), b.finish())) {
            assertEquals(0, call.exit(), call.err());
            assertEquals(expected, call.out());
        }
        assertEquals(1, archives().size(), "archives: " + archives());
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void aFailedCallOrHelp_makesNoArchive() throws Exception {
        Call failed = memoryctl(Map.of(), "synthesize", "--socket", dir.resolve("nobody.sock").toString());
        Call help = memoryctl(Map.of(), "--help");

        assertEquals(1, failed.exit());
        assertEquals("", failed.out());
        assertTrue(failed.err().contains("UNAVAILABLE"), failed.err());
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("usage: memoryctl"), help.out());
        assertEquals(List.of(), archives());
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void aLocalCommand_makesNoArchiveAndTheNextDaemonCallDoes() throws Exception {
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, "{}");

        Call local = memoryctl(Map.of(), "hooks", "status", "claude-code", "--settings", settings.toString());
        List<Path> afterLocal = archives();
        Call daemonCall = memoryctl(Map.of(), "synthesize");

        assertEquals(0, local.exit(), local.err());
        assertTrue(local.out().contains("SessionStart"), local.out());
        assertEquals(List.of(), afterLocal, "a call that never reached the daemon kept its archive");
        assertEquals(0, daemonCall.exit(), daemonCall.err());
        assertEquals(1, archives().size(), "archives: " + archives());
    }

    @Test
    void withTheArchiveOff_noArchiveIsMadeOrLookedFor() throws Exception {
        withoutArchive();

        assertFalse(Files.exists(cds), "MEMORYD_CDS=off still touched " + cds);
    }
}
