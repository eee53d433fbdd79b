package org.onlinebackup.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.onlinebackup.archive.BinlogEvent;

/** Binary log events made by hand (format version 4, a 4-byte checksum), for tests of the archive without a server. */
public final class BinlogEvents {
    private BinlogEvents() {
    }

    /** An event of {@code type} at {@code position} (0: not at a place in a file) with {@code body} and {@code flags}. */
    public static byte[] event(int type, long position, byte[] body, int flags) {
        int len = BinlogEvent.HEADER_SIZE + body.length + 4;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1_700_000_000).put((byte) type).putInt(9).putInt(len).putInt(position == 0 ? 0 : (int) (position + len))
                .putShort((short) flags).put(body).putInt(0x12345678);
        return b.array();
    }

    public static byte[] query(long position, String text) {
        return event(2, position, text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** A rotate event to {@code next} at {@code target}: in a file at {@code position}, or made up for the stream. */
    public static byte[] rotate(long position, String next, long target, boolean artificial) {
        ByteBuffer b = ByteBuffer.allocate(8 + next.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(target).put(next.getBytes(StandardCharsets.US_ASCII));
        return event(BinlogEvent.ROTATE, artificial ? 0 : position, b.array(), artificial ? BinlogEvent.ARTIFICIAL : 0);
    }

    /** A format description event at {@code position} (0: sent again by the server, not at a place). */
    public static byte[] fde(long position) {
        return event(BinlogEvent.FORMAT_DESCRIPTION, position, new byte[80], position == 0 ? 0 : 1);
    }

    /** A MariaDB GTID event for {@code domain-server-seq} at {@code position}. */
    public static byte[] gtid(long position, long domain, long server, long seq) {
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(seq).putInt((int) domain).put((byte) 0).put(new byte[6]);
        byte[] e = event(BinlogEvent.MARIADB_GTID, position, b.array(), 0);
        ByteBuffer.wrap(e, 5, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) server);
        return e;
    }

    /** A Gtid_list event at {@code position} listing {@code entries}, each {domain, server, seq}. */
    public static byte[] gtidList(long position, long[]... entries) {
        ByteBuffer b = ByteBuffer.allocate(4 + 16 * entries.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(entries.length);
        for (long[] g : entries) {
            b.putInt((int) g[0]).putInt((int) g[1]).putLong(g[2]);
        }
        return event(BinlogEvent.MARIADB_GTID_LIST, position, b.array(), 0);
    }
}
