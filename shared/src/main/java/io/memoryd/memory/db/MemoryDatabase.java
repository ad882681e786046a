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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The one SQLite connection of a process to a workspace's {@code memories.db}: WAL, a busy timeout,
 * {@code synchronous=NORMAL}, in-memory temp storage and {@code BEGIN IMMEDIATE} write transactions (so
 * two processes never deadlock upgrading a read to a write). Access is serialized through
 * {@link #read} and {@link #write}, so the class is thread-safe. Failures are {@link DatabaseException}s
 * naming the file and, where SQLite reported one, the {@link StorageFault}; after any of them the
 * connection is left outside a transaction, ready for the next call.
 */
public final class MemoryDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MemoryDatabase.class);

    /** How long a statement waits for another process's write lock before failing. */
    public static final int BUSY_TIMEOUT_MS = 5000;

    private final Path path;
    /** Guarded by {@link #lock}; replaced only by {@link #reconnectIfWritableAgain}. */
    private Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: the connection refused a write as read-only. */
    private boolean refusedAsReadOnly;
    /** Guarded by {@link #lock}: a write transaction is open on the connection. */
    private boolean inTransaction;
    /** Guarded by {@link #lock}. */
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
        Connection connection = null;
        try {
            connection = connect(path);
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

    private static Connection connect(Path path) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // 32 MiB page cache: a cold index pass writes tens of MB of rows and indexes; the default 2 MiB thrashes.
        config.setCacheSize(-32768);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(false);
        return config.createConnection("jdbc:sqlite:" + path);
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

    /**
     * Runs work in one {@code BEGIN IMMEDIATE} transaction, rolled back if it throws; a write inside a write
     * joins the outer transaction. The transaction statements are issued here rather than through JDBC
     * auto-commit switching: sqlite-jdbc turns auto-commit off before its {@code BEGIN} runs, so a
     * {@code BEGIN} refused by a lock left the connection believing it was inside a transaction, and a
     * {@code COMMIT} that failed (disk full) was reported as "no transaction is active" instead.
     *
     * @throws DatabaseException naming the file, classified as a storage fault where SQLite reported one
     */
    public <T> T write(String action, SqlWork<T> work) {
        lock.lock();
        try {
            if (inTransaction) {
                return work.run(connection);
            }
            reconnectIfWritableAgain();
            execute("BEGIN IMMEDIATE");
            inTransaction = true;
            try {
                T result = work.run(connection);
                execute("COMMIT");
                localCommits++;
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(e);
                throw e;
            } finally {
                inTransaction = false;
            }
        } catch (SQLException e) {
            throw afterRefusal(new DatabaseException(path, action, e));
        } catch (DatabaseException e) {
            throw afterRefusal(e);
        } finally {
            lock.unlock();
        }
    }

    /** Notes a write refused as read-only, so that the next write checks whether the file is writable again. */
    private DatabaseException afterRefusal(DatabaseException failure) {
        if (!inTransaction && failure.fault().orElse(null) == StorageFault.READ_ONLY) {
            refusedAsReadOnly = true;
        }
        return failure;
    }

    /**
     * SQLite opens a file it may not write read-only, and such a connection stays read-only. Once the file
     * is writable again, a fresh connection takes the writes; until then the refused one stays.
     */
    private void reconnectIfWritableAgain() {
        if (!refusedAsReadOnly || !Files.isWritable(path)) {
            return;
        }
        try {
            Connection fresh = connect(path);
            closeQuietly(connection);
            connection = fresh;
            refusedAsReadOnly = false;
            // data_version of a new connection is not comparable with the old one's: move the change stamp on.
            localCommits++;
        } catch (SQLException e) {
            log.warn("Reopening {} after it became writable again failed: {}", path, e.getMessage());
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** Ends a failed transaction; SQLite may have rolled it back itself (disk full), so ROLLBACK may be refused. */
    private void rollbackAfter(Exception failure) {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            failure.addSuppressed(e);
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
