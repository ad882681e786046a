package io.memoryd.memory.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process holding {@code memories.db}'s write lock. {@link #main} is that process: it opens the
 * database given as its argument, takes the lock with {@code BEGIN EXCLUSIVE}, prints {@code LOCKED}, and
 * on a line (or the end) of its standard input rolls back, prints {@code RELEASED} and exits. An instance
 * is the test's handle on such a child JVM: {@link #start} returns once the lock is held, {@link #close}
 * releases it and waits for the child to exit.
 */
public final class DatabaseLockHolder implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;

    private DatabaseLockHolder(Process process, BufferedReader out) {
        this.process = process;
        this.out = out;
    }

    /** Starts the child JVM and waits until it holds the lock. */
    public static DatabaseLockHolder start(Path db) throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DatabaseLockHolder.class.getName(), db.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        if (!awaitLine(out, "LOCKED")) {
            p.destroyForcibly();
            throw new IllegalStateException("the lock holder did not take the lock of " + db);
        }
        return new DatabaseLockHolder(p, out);
    }

    /** Reads the child's output up to {@code wanted} (logging may print lines before it); false at its end. */
    private static boolean awaitLine(BufferedReader out, String wanted) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Releases the lock and waits for the child to exit; fails if it does not exit cleanly. */
    @Override
    public void close() throws Exception {
        try (OutputStream in = process.getOutputStream()) {
            in.write("release\n".getBytes(StandardCharsets.UTF_8));
        }
        boolean released = awaitLine(out, "RELEASED");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the lock holder did not exit");
        }
        if (!released || process.exitValue() != 0) {
            throw new IllegalStateException("the lock holder ended badly: released " + released + ", exit "
                    + process.exitValue());
        }
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement st = c.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            System.out.println("LOCKED");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            st.execute("ROLLBACK");
        }
        System.out.println("RELEASED");
        System.out.flush();
    }
}
