package io.memoryd.memory.db;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Another process holding {@code memories.db}'s write lock, for {@link LockedDatabaseTest}: opens the
 * database given as the argument, takes the lock with {@code BEGIN EXCLUSIVE}, prints {@code LOCKED},
 * and rolls back and exits when its standard input ends or gives a line.
 */
public final class DatabaseLockHolder {

    private DatabaseLockHolder() {
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
