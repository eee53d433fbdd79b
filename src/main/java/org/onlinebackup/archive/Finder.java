package org.onlinebackup.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the moment to restore to: the transactions of an archive that match a time span, a database, a table and a
 * statement's text, each with where it starts (its GTID event, or its first event), so that a restore can stop just
 * before it. What is read of each event: a query's default database and statement, the statement an annotate-rows
 * event carries (what made the row events after it), a table map's database and table, a GTID event's number.
 */
public final class Finder {
    /** What to look for; a null field matches anything. Text is matched without regard to case. */
    public record Query(Instant after, Instant before, String database, String table, String statement) {
    }

    /** A transaction (or a statement outside one) that matches: where it starts, when, its GTID, and what matched. */
    public record Match(String file, long position, Instant time, String gtid, String database, String statement) {
    }

    private Finder() {
    }

    /** The matches in {@code archive}, in binlog order; at most {@code limit}. */
    public static List<Match> find(BinlogArchive archive, Query q, int limit) throws IOException {
        List<Match> out = new ArrayList<>();
        State s = new State();
        for (Path p : archive.segments()) {
            if (out.size() >= limit) {
                break;
            }
            int checksum = BinlogEvent.checksumLength(Segment.head(p).formatDescription());
            Segment.read(p, e -> {
                if (out.size() < limit) {
                    s.event(e, checksum, q, out);
                }
            });
        }
        return out;
    }

    /** The transaction being read: where it began, and whether it matched already. */
    private static final class State {
        String file;
        long start;
        Instant time;
        String gtid;
        boolean reported;
        final List<String> tables = new ArrayList<>();
        String database = "";

        void event(Segment.Event e, int checksum, Query q, List<Match> out) {
            byte[] b = e.bytes();
            int type = BinlogEvent.type(b);
            Instant at = Instant.ofEpochSecond(BinlogEvent.timestamp(b));
            if (type == BinlogEvent.MARIADB_GTID) {
                begin(e, at);
                gtid = BinlogEvent.gtidDomain(b) + "-" + BinlogEvent.serverId(b) + "-" + BinlogEvent.gtidSequence(b);
                return;
            }
            if (file == null) {
                begin(e, at);
            }
            String statement = null;
            String db = null;
            boolean ends = false;
            if (type == BinlogEvent.QUERY) {
                statement = BinlogEvent.queryText(b, checksum);
                ends = isEnd(statement);
                db = BinlogEvent.queryDatabase(b);
            } else if (type == BinlogEvent.ANNOTATE_ROWS) {
                statement = BinlogEvent.annotation(b, checksum);
            } else if (type == BinlogEvent.TABLE_MAP) {
                String[] t = BinlogEvent.tableMap(b);
                tables.add(t[0] + "." + t[1]);
                db = t[0];
            }
            if (db != null && !db.isEmpty()) {
                database = db;
                Match last = reported && !out.isEmpty() ? out.get(out.size() - 1) : null;
                if (last != null && last.database().isEmpty() && last.file().equals(file) && last.position() == start) {
                    out.set(out.size() - 1, new Match(last.file(), last.position(), last.time(), last.gtid(), db, last.statement()));
                }
            }
            if (isControl(statement)) {
                statement = null;
            }
            if (!reported && (statement != null || type == BinlogEvent.TABLE_MAP) && matches(q, at, db, statement)) {
                reported = true;
                out.add(new Match(file, start, time, gtid, database, statement == null ? "rows of " + String.join(", ", tables)
                        : statement.strip()));
            }
            if (type == BinlogEvent.XID || type == BinlogEvent.QUERY && (ends || gtid == null)) {
                file = null;
            }
        }

        private void begin(Segment.Event e, Instant at) {
            file = e.file();
            start = e.position();
            time = at;
            gtid = null;
            reported = false;
            tables.clear();
            database = "";
        }

        private boolean matches(Query q, Instant at, String db, String statement) {
            if (q.after() != null && at.isBefore(q.after()) || q.before() != null && !at.isBefore(q.before())) {
                return false;
            }
            String text = statement == null ? "" : statement;
            if (q.database() != null && !q.database().equals(db) && !q.database().equals(database) && !names(text, q.database())) {
                return false;
            }
            if (q.table() != null && tables.stream().noneMatch(t -> t.endsWith("." + q.table())) && !names(text, q.table())) {
                return false;
            }
            return q.statement() == null || text.toLowerCase(Locale.ROOT).contains(q.statement().toLowerCase(Locale.ROOT));
        }

        /** Whether {@code text} names {@code name} as an identifier: not inside a longer name, quoted or not. */
        private static boolean names(String text, String name) {
            return Pattern.compile("(?<![\\p{L}\\p{N}_$])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}_$])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find();
        }

        private static boolean isEnd(String statement) {
            String s = statement == null ? "" : statement.strip().toUpperCase(Locale.ROOT);
            return s.equals("COMMIT") || s.equals("ROLLBACK");
        }

        /** BEGIN, COMMIT, ROLLBACK: what frames a transaction, never what a DBA looks for. */
        private static boolean isControl(String statement) {
            String s = statement == null ? "" : statement.strip().toUpperCase(Locale.ROOT);
            return s.equals("BEGIN") || isEnd(statement);
        }
    }
}
