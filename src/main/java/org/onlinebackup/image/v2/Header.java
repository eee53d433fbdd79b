package org.onlinebackup.image.v2;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The image header: when and from which server the image was made, and its validity point.
 * {@code binlogFile}, {@code gtidPosition} are null and {@code binlogPosition} is -1 when the binlog was off.
 */
public record Header(Instant created, String serverVersion, String serverCharset, String serverCollation,
                     Instant validityPoint, String binlogFile, long binlogPosition, String gtidPosition,
                     String toolVersion, String serverHost) {

    private static final int CREATED = 1;
    private static final int SERVER_VERSION = 2;
    private static final int SERVER_CHARSET = 3;
    private static final int SERVER_COLLATION = 4;
    private static final int VALIDITY_POINT = 5;
    private static final int BINLOG_FILE = 6;
    private static final int BINLOG_POSITION = 7;
    private static final int GTID_POSITION = 8;
    private static final int TOOL_VERSION = 9;
    private static final int SERVER_HOST = 10;

    public ByteSink encode() {
        ByteSink s = new ByteSink(256);
        time(s, CREATED, created);
        text(s, SERVER_VERSION, serverVersion);
        text(s, SERVER_CHARSET, serverCharset);
        text(s, SERVER_COLLATION, serverCollation);
        time(s, VALIDITY_POINT, validityPoint);
        text(s, BINLOG_FILE, binlogFile);
        if (binlogPosition >= 0) {
            s.u16(BINLOG_POSITION).u32(8).u64(binlogPosition);
        }
        text(s, GTID_POSITION, gtidPosition);
        text(s, TOOL_VERSION, toolVersion);
        text(s, SERVER_HOST, serverHost);
        return s;
    }

    private static void time(ByteSink s, int tag, Instant t) {
        if (t != null) {
            s.u16(tag).u32(8).u64(ChronoUnit.MICROS.between(Instant.EPOCH, t));
        }
    }

    private static void text(ByteSink s, int tag, String v) {
        if (v != null) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            s.u16(tag).u32(b.length).bytes(b);
        }
    }

    public static Header decode(ByteSource src) {
        Instant created = null;
        Instant vp = null;
        String version = null;
        String charset = null;
        String collation = null;
        String binlogFile = null;
        long binlogPos = -1;
        String gtid = null;
        String tool = null;
        String host = null;
        while (src.hasMore()) {
            int tag = src.u16("header field tag");
            long len = src.u32("header field length");
            if (len > src.remaining()) {
                throw new MalformedImageException(src.offset(), "header field " + tag + " of " + len + " bytes runs past the header");
            }
            ByteSource v = new ByteSource(src.bytes((int) len, "header field"), 0, (int) len, src.offset() - len);
            switch (tag) {
                case CREATED -> created = micros(v);
                case SERVER_VERSION -> version = utf8(v);
                case SERVER_CHARSET -> charset = utf8(v);
                case SERVER_COLLATION -> collation = utf8(v);
                case VALIDITY_POINT -> vp = micros(v);
                case BINLOG_FILE -> binlogFile = utf8(v);
                case BINLOG_POSITION -> binlogPos = v.u64("binlog position");
                case GTID_POSITION -> gtid = utf8(v);
                case TOOL_VERSION -> tool = utf8(v);
                case SERVER_HOST -> host = utf8(v);
                default -> {
                    // a field of a later minor revision: skipped, as the grammar says
                }
            }
        }
        return new Header(created, version, charset, collation, vp, binlogFile, binlogPos, gtid, tool, host);
    }

    private static Instant micros(ByteSource v) {
        return Instant.EPOCH.plus(v.u64("time"), ChronoUnit.MICROS);
    }

    private static String utf8(ByteSource v) {
        byte[] b = v.bytes(v.remaining(), "text");
        return new String(b, StandardCharsets.UTF_8);
    }
}
