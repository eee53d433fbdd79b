package org.onlinebackup.archive;

import java.util.Map;
import java.util.TreeMap;

/**
 * A GTID state as MariaDB writes it ({@code @@gtid_binlog_pos}, a Gtid_list event): the last GTID of each replication
 * domain, {@code domain-server-sequence}, comma-separated.
 */
public final class GtidState {
    private GtidState() {
    }

    /** What an end record writes for a state known to hold no GTID; an empty text is a state not known. */
    public static final String NONE = "[]";

    /** Domain to GTID text; an empty, unknown or {@link #NONE} state is an empty map. */
    public static Map<Long, String> parse(String state) {
        Map<Long, String> out = new TreeMap<>();
        if (state == null || state.isBlank() || state.equals(NONE)) {
            return out;
        }
        for (String g : state.split(",")) {
            String t = g.strip();
            int dash = t.indexOf('-');
            if (dash > 0) {
                out.put(Long.parseLong(t.substring(0, dash)), t);
            }
        }
        return out;
    }

    public static String format(Map<Long, String> state) {
        return String.join(",", new TreeMap<>(state).values());
    }

    /**
     * The last GTID of each domain a Gtid_list event {@code e} gives: the event lists the binlog state, a count (its
     * low 28 bits), then domain, server and sequence number for each domain and server that wrote in it; the last of a
     * domain is the one with the highest sequence number (they only grow within a domain).
     */
    public static Map<Long, String> ofList(byte[] e) {
        Map<Long, String> out = new TreeMap<>();
        Map<Long, Long> highest = new TreeMap<>();
        long count = BinlogEvent.u32(e, BinlogEvent.HEADER_SIZE) & 0x0fffffffL;
        int at = BinlogEvent.HEADER_SIZE + 4;
        for (long i = 0; i < count && at + 16 <= e.length; i++, at += 16) {
            long domain = BinlogEvent.u32(e, at);
            long server = BinlogEvent.u32(e, at + 4);
            long seq = BinlogEvent.u32(e, at + 8) | BinlogEvent.u32(e, at + 12) << 32;
            if (seq >= highest.getOrDefault(domain, -1L)) {
                highest.put(domain, seq);
                out.put(domain, domain + "-" + server + "-" + seq);
            }
        }
        return out;
    }
}
