package org.onlinebackup.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration test that owns a uniquely named database {@link #db} (not yet created) on the test server, a
 * connection {@link #c} and a directory {@link #dir}; the database and any other {@link #own(String) owned} ones
 * are dropped after each test.
 */
public abstract class DatabaseTestBase {
    @TempDir
    protected Path dir;

    protected Connection c;
    protected String db;
    private final List<String> owned = new ArrayList<>();

    @BeforeEach
    void connectAndName() throws Exception {
        c = TestServer.connect();
        db = own(TestServer.uniqueName(getClass().getSimpleName().replace("IT", "")));
    }

    /** A further database name this test owns and drops afterwards. */
    protected String own(String name) {
        owned.add(name);
        return name;
    }

    /**
     * Drops the owned databases, and the definer accounts that restores of untrusted images made for them (their
     * grants name the databases with {@code _} and {@code %} escaped).
     */
    @AfterEach
    void dropOwned() throws Exception {
        try {
            TestServer.drop(c, owned.toArray(String[]::new));
            List<String> definers = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT User, Db FROM mysql.db"
                    + " WHERE User LIKE 'obk\\_definer\\_%'")) {
                while (rs.next()) {
                    if (owned.contains(rs.getString(2).replace("\\", ""))) {
                        definers.add(rs.getString(1));
                    }
                }
            }
            for (String d : definers) {
                TestServer.execute(c, "DROP USER IF EXISTS `" + d + "`@`localhost`");
            }
        } finally {
            c.close();
        }
    }
}
