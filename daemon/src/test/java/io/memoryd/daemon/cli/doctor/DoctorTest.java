package io.memoryd.daemon.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.memoryd.process.cli.CommandSet;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.proto.v1.HealthResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** memoryctl doctor: every check passes on a sound workspace, and each one catches its own breakage. */
class DoctorTest {

    @TempDir
    Path dir;

    private DoctorWorkspace ws;

    @BeforeEach
    void soundWorkspace() throws Exception {
        ws = new DoctorWorkspace(dir);
    }

    private void assertVerdict(Verdict expected, String check, String detailPart) {
        Finding f = ws.finding(check);
        assertEquals(expected, f.verdict(), f.toString());
        assertTrue(f.detail().contains(detailPart), f.toString());
        assertTrue(expected == Verdict.OK || !f.advice().isEmpty(), "a problem comes with advice: " + f);
    }

    @Test
    void soundWorkspace_everyCheckIsOk_andDoctorExits0() {
        List<Finding> findings = ws.findings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = ws.doctor().run(parse(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(List.of(), findings.stream().filter(f -> f.verdict() != Verdict.OK).toList());
        assertEquals(9, findings.size());
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("\n9 ok, 0 warnings, 0 failures\n"), out.toString());
    }

    @Test
    void aFailedCheck_makesDoctorExit1_andTheReportGivesWhatToDo() throws Exception {
        Files.setPosixFilePermissions(ws.runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = ws.doctor().run(parse(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, report);
        assertTrue(report.contains("fail  run dir       " + ws.runDir + " has mode 0755"), report);
        assertTrue(report.contains("→ remove it (rm -r " + ws.runDir + ")"), report);
        assertTrue(report.endsWith("\n8 ok, 0 warnings, 1 failure\n"), report);
    }

    @Test
    void workspace_namesTheRootAndThatHomeChoseIt() {
        assertVerdict(Verdict.OK, "workspace", ws.root + " (from $HOME/.agents)");
        assertEquals(Verdict.OK, ws.doctor().check(ws.root.toString(), null).get(0).verdict());
        assertTrue(ws.doctor().check(ws.root.toString(), null).get(0).detail().endsWith("(from --home)"));
    }

    @Test
    void workspaceThatDoesNotExist_isAWarning() {
        Finding f = ws.doctor().check(dir.resolve("elsewhere").toString(), null).get(0);

        assertEquals(Verdict.WARN, f.verdict(), f.toString());
    }

    @Test
    void memoryDirReadableByOthers_isAWarningToChmod() throws Exception {
        Files.setPosixFilePermissions(ws.layout.memoryDir(), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertVerdict(Verdict.WARN, "memory dir", "mode 0755");
        assertEquals("chmod 700 " + ws.layout.memoryDir(), ws.finding("memory dir").advice());
    }

    @Test
    void memoryThatIsAFile_fails() throws Exception {
        Path memory = ws.layout.memoryDir();
        Files.move(memory, dir.resolve("moved"));
        Files.writeString(memory, "not a directory");

        assertVerdict(Verdict.FAIL, "memory dir", "is not a directory");
    }

    @Test
    void databaseThatIsNotSqlite_fails() throws Exception {
        Files.writeString(ws.layout.databasePath(), "this is a text file, not a database at all");

        assertVerdict(Verdict.FAIL, "database", "is not an SQLite database");
    }

    @Test
    void databaseWithAnotherApplicationsTables_fails() throws Exception {
        Files.delete(ws.layout.databasePath());
        sql("CREATE TABLE invoices (id INTEGER)");

        assertVerdict(Verdict.FAIL, "database", "holds none of memoryd's or the reference's tables (invoices)");
    }

    @Test
    void databaseFromANewerMemoryd_fails_andOneFromTheReference_isOk() throws Exception {
        sql("INSERT INTO memoryd_schema(version, name, applied_at) VALUES (99, 'future', 'x')");
        assertVerdict(Verdict.FAIL, "database", "schema versions [99]");

        Files.delete(ws.layout.databasePath());
        sql("CREATE TABLE memory_artifacts (agent_id TEXT)");
        assertVerdict(Verdict.OK, "database", "is the reference's (tables memory_artifacts)");
    }

    @Test
    void daemonNotRunning_isAWarningSayingHowToStartIt() throws Exception {
        Files.delete(ws.socket);

        assertVerdict(Verdict.WARN, "daemon", "not running");
    }

    @Test
    void socketNobodyAnswersOn_isAWarningNamingTheStatus() {
        ws.probe = s -> {
            throw Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
        };

        assertVerdict(Verdict.WARN, "daemon", "no daemon answers on " + ws.socket + " (UNAVAILABLE: connection refused)");
    }

    @Test
    void daemonOfAnotherWorkspaceOnTheSocket_fails() {
        ws.probe = s -> HealthResponse.newBuilder().setWorkspace("/other").build();

        assertVerdict(Verdict.FAIL, "daemon", "serves /other");
    }

    @Test
    void runDirectoryThatIsASymlink_fails() throws Exception {
        Files.delete(ws.socket);
        Files.delete(ws.runDir);
        Files.createSymbolicLink(ws.runDir, Files.createDirectory(dir.resolve("planted")));

        assertVerdict(Verdict.FAIL, "run dir", "is a symbolic link");
    }

    @Test
    void openFilesLimitTooLow_fails_andLow_warns() {
        ws.openFilesLimit = 128;
        assertVerdict(Verdict.FAIL, "fd limit", "ulimit -n 128");

        ws.openFilesLimit = 1024;
        assertVerdict(Verdict.WARN, "fd limit", "ulimit -n 1024");
    }

    @Test
    void openFilesLimit_isReadFromProcLimits() {
        assertEquals(1024, OpenFilesLimit.parse("Limit  Soft Limit  Hard Limit  Units\n"
                + "Max open files            1024                 524288               files\n"));
        assertEquals(Long.MAX_VALUE, OpenFilesLimit.parse("Max open files  unlimited  unlimited  files\n"));
        assertEquals(-1, OpenFilesLimit.parse("Max processes 10 10 processes\n"));
    }

    @Test
    void almostFullDisk_fails() {
        ws.usableBytes = 10L << 20;

        assertVerdict(Verdict.FAIL, "free disk", "10 MB free");
    }

    @Test
    void missingAppCdsArchive_isAWarning() throws Exception {
        try (var files = Files.list(ws.layout.privateDir().resolve("cds"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }

        assertVerdict(Verdict.WARN, "appcds", "no archive for these jars yet");
    }

    @Test
    void hooksNotInstalled_warn_andHooksOfAnotherWorkspace_fail() {
        ws.hooks("uninstall");
        assertVerdict(Verdict.WARN, "claude hooks", "no memoryd hook for SessionStart, SessionEnd");

        ws.hooks("install", "--home", dir.resolve("other").toString());
        assertVerdict(Verdict.FAIL, "claude hooks", "installed hooks post to ");
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.layout.databasePath());
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static io.memoryd.process.cli.CommandArgs parse(String... args) {
        return CommandSet.withGlobal(OptionSpec.none().valued("--home", "--socket", "--tcp").flags("--json"))
                .command(DoctorCommand.NAME, DoctorCommand.options())
                .parse(java.util.stream.Stream.concat(java.util.stream.Stream.of("doctor"),
                        java.util.stream.Stream.of(args)).toList());
    }
}
