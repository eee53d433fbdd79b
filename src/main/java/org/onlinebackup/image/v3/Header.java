package org.onlinebackup.image.v3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The image header: when and from which server the image was made, and its validity point.
 * {@code binlogFile}, {@code gtidPosition} are null and {@code binlogPosition} is -1 when the binlog was off.
 */
public record Header(Instant created, String serverVersion, String serverCharset, String serverCollation,
                     Instant validityPoint, String binlogFile, long binlogPosition, String gtidPosition,
                     String toolVersion, String serverHost, Encryption encryption) {

    /** How the image is encrypted ({@link ImageCipher}): the scheme, the image's salt and its key check. */
    public record Encryption(int scheme, byte[] salt, byte[] check) {
    }

    /** The header of an image that is not encrypted. */
    public Header(Instant created, String serverVersion, String serverCharset, String serverCollation,
                  Instant validityPoint, String binlogFile, long binlogPosition, String gtidPosition,
                  String toolVersion, String serverHost) {
        this(created, serverVersion, serverCharset, serverCollation, validityPoint, binlogFile, binlogPosition,
                gtidPosition, toolVersion, serverHost, null);
    }

    /** This header for an image encrypted by {@code cipher}. */
    public Header encryptedBy(ImageCipher cipher) {
        return new Header(created, serverVersion, serverCharset, serverCollation, validityPoint, binlogFile,
                binlogPosition, gtidPosition, toolVersion, serverHost,
                new Encryption(ImageCipher.SCHEME_AES_256_GCM, cipher.salt(), cipher.check()));
    }

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
    private static final int CIPHER = 11;
    private static final int SALT = 12;
    private static final int KEY_CHECK = 13;

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
        if (encryption != null) {
            s.u16(CIPHER).u32(1).u8(encryption.scheme());
            s.u16(SALT).u32(encryption.salt().length).bytes(encryption.salt());
            s.u16(KEY_CHECK).u32(encryption.check().length).bytes(encryption.check());
        }
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
        int scheme = 0;
        byte[] salt = null;
        byte[] check = null;
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
                case CIPHER -> scheme = v.u8("cipher");
                case SALT -> salt = v.bytes(v.remaining(), "salt");
                case KEY_CHECK -> check = v.bytes(v.remaining(), "key check");
                default -> {
                    // a field of a later minor revision: skipped, as the grammar says
                }
            }
        }
        Encryption encryption = null;
        if (scheme != 0 || salt != null || check != null) {
            if (scheme != ImageCipher.SCHEME_AES_256_GCM || salt == null || salt.length != ImageCipher.SALT_SIZE
                    || check == null || check.length != ImageCipher.CHECK_SIZE) {
                throw new MalformedImageException(src.offset(), "the header's encryption fields are incomplete or of an unknown scheme " + scheme);
            }
            encryption = new Encryption(scheme, salt, check);
        }
        return new Header(created, version, charset, collation, vp, binlogFile, binlogPos, gtid, tool, host, encryption);
    }

    private static Instant micros(ByteSource v) {
        return Instant.EPOCH.plus(v.u64("time"), ChronoUnit.MICROS);
    }

    private static String utf8(ByteSource v) {
        byte[] b = v.bytes(v.remaining(), "text");
        return new String(b, StandardCharsets.UTF_8);
    }
}
