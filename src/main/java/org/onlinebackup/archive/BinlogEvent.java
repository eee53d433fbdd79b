package org.onlinebackup.archive;

import java.nio.charset.StandardCharsets;

/**
 * What the archive reads of a binary log event as the server wrote it (format version 4): its 19-byte header
 * (timestamp, type, server id, length, the position after it, flags) and, for the few events the archive follows,
 * their body. Nothing else of an event is decoded here: it is kept as it is.
 */
public final class BinlogEvent {
    public static final int HEADER_SIZE = 19;
    public static final int STOP = 3;
    public static final int ROTATE = 4;
    public static final int FORMAT_DESCRIPTION = 15;
    public static final int HEARTBEAT = 27;
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
