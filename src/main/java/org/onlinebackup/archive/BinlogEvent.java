package org.onlinebackup.archive;

import java.nio.charset.StandardCharsets;

/**
 * What the archive reads of a binary log event as the server wrote it (format version 4): its 19-byte header
 * (timestamp, type, server id, length, the position after it, flags) and, for the few events the archive follows,
 * their body. Nothing else of an event is decoded here: it is kept as it is.
 */
public final class BinlogEvent {
    public static final int HEADER_SIZE = 19;
    public static final int QUERY = 2;
    public static final int STOP = 3;
    public static final int ROTATE = 4;
    public static final int FORMAT_DESCRIPTION = 15;
    public static final int XID = 16;
    public static final int TABLE_MAP = 19;
    public static final int HEARTBEAT = 27;
    public static final int ANNOTATE_ROWS = 160;
    public static final int MARIADB_GTID = 162;
    public static final int MARIADB_GTID_LIST = 163;
    /** The flag of events the server makes up for the stream (a rotate at the start), not found in any file. */
    public static final int ARTIFICIAL = 0x20;

    private BinlogEvent() {
    }

    public static long timestamp(byte[] e) {
        return u32(e, 0);
    }

    public static int type(byte[] e) {
        return e[4] & 0xff;
    }

    public static long serverId(byte[] e) {
        return u32(e, 5);
    }

    public static long length(byte[] e) {
        return u32(e, 9);
    }

    /** The position of the event after this one in its file; 0 for an event that is not at a place in a file. */
    public static long nextPosition(byte[] e) {
        return u32(e, 13);
    }

    public static int flags(byte[] e) {
        return (e[17] & 0xff) | (e[18] & 0xff) << 8;
    }

    /** Whether the event stands in a file: neither artificial nor sent without a position (a resent format description). */
    public static boolean inFile(byte[] e) {
        return (flags(e) & ARTIFICIAL) == 0 && nextPosition(e) != 0 && type(e) != HEARTBEAT;
    }

    /**
     * The file a rotate event names, its body being the position (8 bytes) and the name; {@code checksum} bytes at the
     * end are not part of it.
     */
    public static String rotateFile(byte[] e, int checksum) {
        int from = HEADER_SIZE + 8;
        int to = e.length - checksum;
        return new String(e, from, Math.max(0, to - from), StandardCharsets.UTF_8);
    }

    public static long rotatePosition(byte[] e) {
        return u32(e, HEADER_SIZE) | u32(e, HEADER_SIZE + 4) << 32;
    }

    /**
     * The checksum length of the events of a file, as its format description event {@code fde} announces it: 4
     * (CRC32) or 0. The algorithm byte follows the description's fixed part, whose length the description gives for
     * itself in its table of post-header lengths (entry 15, format description).
     */
    public static int checksumLength(byte[] fde) {
        int fixed = HEADER_SIZE + 2 + 50 + 4;
        int own = fde[fixed + 1 + FORMAT_DESCRIPTION - 1] & 0xff;
        int alg = HEADER_SIZE + own;
        return alg < fde.length && fde[alg] == 1 && fde.length >= alg + 1 + 4 ? 4 : 0;
    }

    /** A query event's default database, or empty: its body's post-header gives the length and where it is. */
    public static String queryDatabase(byte[] e) {
        int dbLen = e[HEADER_SIZE + 8] & 0xff;
        int vars = (e[HEADER_SIZE + 11] & 0xff) | (e[HEADER_SIZE + 12] & 0xff) << 8;
        int at = HEADER_SIZE + 13 + vars;
        return at + dbLen <= e.length ? new String(e, at, dbLen, StandardCharsets.UTF_8) : "";
    }

    /** A query event's statement, {@code checksum} bytes at the end not part of it. */
    public static String queryText(byte[] e, int checksum) {
        int dbLen = e[HEADER_SIZE + 8] & 0xff;
        int vars = (e[HEADER_SIZE + 11] & 0xff) | (e[HEADER_SIZE + 12] & 0xff) << 8;
        int at = HEADER_SIZE + 13 + vars + dbLen + 1;
        int to = e.length - checksum;
        return at < to ? new String(e, at, to - at, StandardCharsets.UTF_8) : "";
    }

    /** The statement an annotate-rows event carries (the one that made the row events after it). */
    public static String annotation(byte[] e, int checksum) {
        int to = e.length - checksum;
        return to > HEADER_SIZE ? new String(e, HEADER_SIZE, to - HEADER_SIZE, StandardCharsets.UTF_8) : "";
    }

    /** A table map event's database and table: after the table id (6 bytes) and flags (2), each length-prefixed. */
    public static String[] tableMap(byte[] e) {
        int at = HEADER_SIZE + 8;
        int dbLen = e[at] & 0xff;
        String db = new String(e, at + 1, dbLen, StandardCharsets.UTF_8);
        at += 1 + dbLen + 1;
        int tLen = e[at] & 0xff;
        return new String[] {db, new String(e, at + 1, tLen, StandardCharsets.UTF_8)};
    }

    /** A MariaDB GTID event's domain and sequence number; the server id is the header's. */
    public static long gtidSequence(byte[] e) {
        return u32(e, HEADER_SIZE) | u32(e, HEADER_SIZE + 4) << 32;
    }

    public static long gtidDomain(byte[] e) {
        return u32(e, HEADER_SIZE + 8);
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
