package org.onlinebackup.image.v1;

import java.util.zip.CRC32C;

/**
 * One record as read: its kind, the image offset of its first byte, its body, and whether its CRC32C matched.
 */
public record Record(byte kind, long offset, byte[] body, int storedCrc, boolean intact) {

    /** The size of the whole record in the image. */
    public long size() {
        return ImageFormat.RECORD_OVERHEAD + (long) body.length;
    }

    /** A record body with its framing: kind, length, body, CRC32C. */
    public static byte[] frame(byte kind, byte[] body, int off, int len) {
        byte[] out = new byte[ImageFormat.RECORD_OVERHEAD + len];
        out[0] = kind;
        out[1] = (byte) (len >>> 24);
        out[2] = (byte) (len >>> 16);
        out[3] = (byte) (len >>> 8);
        out[4] = (byte) len;
        System.arraycopy(body, off, out, 5, len);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, 5 + len);
        int c = (int) crc.getValue();
        int p = 5 + len;
        out[p] = (byte) (c >>> 24);
        out[p + 1] = (byte) (c >>> 16);
        out[p + 2] = (byte) (c >>> 8);
        out[p + 3] = (byte) c;
        return out;
    }

    public static byte[] frame(byte kind, ByteSink body) {
        return frame(kind, body.array(), 0, body.size());
    }

    /** The framed bytes of this record, as they stand in the image. */
    public byte[] framed() {
        byte[] out = frame(kind, body, 0, body.length);
        int p = out.length - 4;
        out[p] = (byte) (storedCrc >>> 24);
        out[p + 1] = (byte) (storedCrc >>> 16);
        out[p + 2] = (byte) (storedCrc >>> 8);
        out[p + 3] = (byte) storedCrc;
        return out;
    }

    public ByteSource source() {
        return new ByteSource(body, 0, body.length, offset + 5);
    }
}
