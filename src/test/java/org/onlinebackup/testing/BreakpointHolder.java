package org.onlinebackup.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * A session that holds a breakpoint's user lock (WL#3324), so that an operation started with breakpoints pauses
 * there; {@link #awaitWaiter()} returns once the operation waits on it, {@link #close()} lets it go on.
 */
public final class BreakpointHolder implements AutoCloseable {
    private final Connection session;
    private final String name;

    public BreakpointHolder(String name) throws SQLException {
        this(name, TestServer.connect());
    }

    /** Holds the breakpoint on {@code session}, a connection to the server the operation runs against. */
    public BreakpointHolder(String name, Connection session) throws SQLException {
        this.name = name;
        this.session = session;
        try (PreparedStatement ps = session.prepareStatement("SELECT GET_LOCK(?, 10)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new IllegalStateException("could not take the user lock " + name);
                }
            }
        }
    }

    /**
     * Waits until another session waits for this lock (state "User lock": a statement that merely names the lock, or
     * one just finishing, does not count).
     */
    public void awaitWaiter() throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        try (PreparedStatement ps = session.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND STATE = 'User lock'"
                        + " AND INFO LIKE ?")) {
            ps.setString(1, "%GET_LOCK('" + name + "'%");
            while (Instant.now().isBefore(until)) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("no operation waited at breakpoint " + name + " within 60 s");
    }

    @Override
    public void close() throws SQLException {
        if (session.isClosed() || !session.isValid(1)) {
            // closed already, or its server went away (and with it the lock)
            session.close();
            return;
        }
        try (PreparedStatement ps = session.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        } finally {
            session.close();
        }
    }
}
