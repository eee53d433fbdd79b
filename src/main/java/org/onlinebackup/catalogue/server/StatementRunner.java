package org.onlinebackup.catalogue.server;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.DefinitionContext;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.sql.RestorePlan;

/**
 * Runs the steps of a {@link RestorePlan} on one connection: each in its database, in the session its object was
 * created in ({@code sql_mode}, client character set, connection collation, time zone, and for a while the
 * database's collation of that time), then puts the restore's own session back. The client character set is the
 * recorded one, which the server keeps with the object: a statement that is not ASCII (the driver always sends
 * utf8mb4) is first put into a user variable in the recorded character set and run from there with
 * {@code EXECUTE IMMEDIATE}, so the server reads it as the client of that time sent it.
 */
public final class StatementRunner {
    private static final int ER_USER_EXISTS_NOTE = 1973;
    /** The user variable a statement that is not ASCII is run from. */
    private static final String STATEMENT = "obk_statement";

    private final Connection connection;
    private final Catalogue catalogue;
    private final String[] session;
    private String current;

    public StatementRunner(Connection connection, Catalogue catalogue) throws SQLException {
        this.connection = connection;
        this.catalogue = catalogue;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@sql_mode, @@character_set_client, @@collation_connection, @@time_zone,"
                     + " DATABASE()")) {
            rs.next();
            session = new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
            current = rs.getString(5);
        }
    }

    /** Runs {@code step}; returns the notes the server gave about it (an account that existed already). */
    public List<String> run(RestorePlan.Step step) throws SQLException {
        List<String> notes = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            if (step.database() != null && !step.database().equals(current)) {
                s.execute("USE " + Identifiers.quote(step.database()));
                current = step.database();
            }
            DefinitionContext ctx = step.context();
            String dbCollation = ctx == null ? null : ctx.databaseCollation();
            String restoreCollation = null;
            if (dbCollation != null && step.database() != null) {
                restoreCollation = databaseCollation(s, step.database());
                if (restoreCollation.equalsIgnoreCase(dbCollation)) {
                    restoreCollation = null;
                } else {
                    s.execute("ALTER DATABASE " + Identifiers.quote(step.database()) + " COLLATE " + Identifiers.quote(dbCollation));
                }
            }
            boolean converted = false;
            try {
                boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(step.sql());
                converted = ctx != null && ctx.characterSetClient() != null && !ascii
                        && convert(s, step.sql(), ctx.characterSetClient());
                if (ctx != null) {
                    enter(s, ctx, ascii || converted);
                }
                s.execute(converted ? "EXECUTE IMMEDIATE @" + STATEMENT : step.sql());
                for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                    if (w.getErrorCode() == ER_USER_EXISTS_NOTE) {
                        notes.add(catalogue.describe(step.entry()) + " exists on the server already: it is kept as it is,"
                                + " and gets the image's grants");
                    }
                }
            } finally {
                if (ctx != null) {
                    leave(s);
                }
                if (converted) {
                    s.execute("SET @" + STATEMENT + " = NULL");
                }
                if (restoreCollation != null) {
                    s.execute("ALTER DATABASE " + Identifiers.quote(step.database()) + " COLLATE " + Identifiers.quote(restoreCollation));
                }
            }
        }
        return notes;
    }

    private static String databaseCollation(Statement s, String db) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                + Identifiers.literal(db))) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Puts {@code sql} into the user variable in character set {@code charset}; false, and nothing to run from there,
     * when the character set cannot hold the text (an image made by hand): the statement then runs as utf8mb4.
     */
    private static boolean convert(Statement s, String sql, String charset) throws SQLException {
        String utf8 = "CAST(X'" + HexFormat.of().formatHex(sql.getBytes(StandardCharsets.UTF_8)) + "' AS CHAR CHARACTER SET utf8mb4)";
        s.execute("SET @" + STATEMENT + " = CONVERT(" + utf8 + " USING " + Identifiers.quote(charset) + ")");
        try (ResultSet rs = s.executeQuery("SELECT CONVERT(@" + STATEMENT + " USING utf8mb4) = " + utf8 + " COLLATE utf8mb4_bin")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void enter(Statement s, DefinitionContext ctx, boolean clientCharacterSet) throws SQLException {
        List<String> set = new ArrayList<>();
        if (ctx.sqlMode() != null) {
            set.add("sql_mode = " + Identifiers.literal(ctx.sqlMode()));
        }
        if (ctx.characterSetClient() != null && clientCharacterSet) {
            set.add("character_set_client = " + Identifiers.literal(ctx.characterSetClient()));
        }
        if (ctx.collationConnection() != null) {
            set.add("collation_connection = " + Identifiers.literal(ctx.collationConnection()));
        }
        if (ctx.timeZone() != null) {
            set.add("time_zone = " + Identifiers.literal(ctx.timeZone()));
        }
        if (!set.isEmpty()) {
            s.execute("SET SESSION " + String.join(", ", set));
        }
    }

    private void leave(Statement s) throws SQLException {
        s.execute("SET SESSION sql_mode = " + Identifiers.literal(session[0]) + ", character_set_client = "
                + Identifiers.literal(session[1]) + ", collation_connection = " + Identifiers.literal(session[2])
                + ", time_zone = " + Identifiers.literal(session[3]));
    }
}
