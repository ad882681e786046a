package io.memoryd.memory.db;

import io.memoryd.memory.workspace.PrivateFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The one SQLite connection of a process to a workspace's {@code memories.db}: WAL, a busy timeout,
 * {@code synchronous=NORMAL}, in-memory temp storage and {@code BEGIN IMMEDIATE} write transactions (so
 * two processes never deadlock upgrading a read to a write). Access is serialized through
 * {@link #read} and {@link #write}.
 */
public final class MemoryDatabase implements AutoCloseable {

    /** How long a statement waits for another process's write lock before failing. */
    public static final int BUSY_TIMEOUT_MS = 5000;

    private final Path path;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private long localCommits;

    private MemoryDatabase(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    /** Work on the connection that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens (creating if absent) the database and checks that it really is SQLite.
     *
     * @throws DatabaseException naming the file when it is not a database or cannot be opened
     */
    public static MemoryDatabase open(Path path) {
        try {
            PrivateFiles.createDirectories(path.getParent());
            // SQLite would create the file 0644 (and its -wal and -shm files with the same mode); an empty
            // file is an empty database, so creating it first makes all three private.
            Files.createFile(path, PrivateFiles.file());
        } catch (FileAlreadyExistsException exists) {
            // an existing database keeps its mode
        } catch (IOException e) {
            throw new DatabaseException(path, "Creating the database file and its directory", e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // 32 MiB page cache: a cold index pass writes tens of MB of rows and indexes; the default 2 MiB thrashes.
        config.setCacheSize(-32768);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(false);
        Connection connection = null;
        try {
            connection = config.createConnection("jdbc:sqlite:" + path);
            try (Statement st = connection.createStatement()) {
                // Touch the schema: a file that is not SQLite fails here with "file is not a database".
                st.executeQuery("SELECT count(*) FROM sqlite_master").close();
            }
            return new MemoryDatabase(path, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DatabaseException(path, "Opening the SQLite database (is it a SQLite file?)", e);
        }
    }

    public Path path() {
        return path;
    }

    /** Runs read-only work with exclusive use of the connection (autocommit). */
    public <T> T read(String action, SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(path, action, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs work in one {@code BEGIN IMMEDIATE} transaction, rolled back if it throws. */
    public <T> T write(String action, SqlWork<T> work) {
        lock.lock();
        try {
            boolean outermost = connection.getAutoCommit();
            if (!outermost) {
                return work.run(connection);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                localCommits++;
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException(path, action, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A value that changes whenever anything was committed to the database, by this connection or by
     * another process ({@code PRAGMA data_version} only sees the others), so derived data can be cached.
     */
    public String changeStamp() {
        return read("Reading data_version", c -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA data_version")) {
                rs.next();
                return rs.getLong(1) + ":" + localCommits;
            }
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DatabaseException(path, "Closing the database", e);
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing; the open error is the one to report
            }
        }
    }
}
