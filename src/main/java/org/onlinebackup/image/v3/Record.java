package org.onlinebackup.image.v3;

import java.util.zip.CRC32C;

/**
 * One record as read: its kind, the image offset of its first byte, its body, and whether its CRC32C matched.
 */
public record Record(byte kind, long offset, byte[] body, int storedCrc, boolean intact) {

    /** The size of the whole record in the image. */
    public long size() {
        return ImageFormat.RECORD_OVERHEAD + (long) body.length;
    }

    /**
     * A record with its framing, in one allocation: kind, length, then {@code prefix} and {@code body[off..off+len)}
     * as the body, then the CRC32C of all of it.
     */
    public static byte[] frame(byte kind, byte[] prefix, byte[] body, int off, int len) {
        byte[] out = new byte[ImageFormat.RECORD_OVERHEAD + prefix.length + len];
        frameInto(out, kind, prefix, body, off, len);
        return out;
    }

    /** As {@link #frame}, into the start of {@code out}; returns the record's length. */
    static int frameInto(byte[] out, byte kind, byte[] prefix, byte[] body, int off, int len) {
        int bodyLen = prefix.length + len;
        out[0] = kind;
        putInt(out, 1, bodyLen);
        System.arraycopy(prefix, 0, out, 5, prefix.length);
        System.arraycopy(body, off, out, 5 + prefix.length, len);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, 5 + bodyLen);
        putInt(out, 5 + bodyLen, (int) crc.getValue());
        return ImageFormat.RECORD_OVERHEAD + bodyLen;
    }

    public static byte[] frame(byte kind, ByteSink body) {
        return frame(kind, new byte[0], body.array(), 0, body.size());
    }

    /** The kind and length that precede the body of this record in the image. */
    public byte[] head() {
        byte[] h = new byte[5];
        h[0] = kind;
        putInt(h, 1, body.length);
        return h;
    }

    /** The stored CRC32C that follows the body of this record in the image. */
    public byte[] crcBytes() {
        byte[] c = new byte[4];
        putInt(c, 0, storedCrc);
        return c;
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    public ByteSource source() {
        return new ByteSource(body, 0, body.length, offset + 5);
    }
}
