package org.onlinebackup.image.v3;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the primitive encodings of the grammar. */
public final class ByteSink {
    private byte[] buf;
    private int size;

    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private ByteSink(byte[] buf) {
        this.buf = buf;
    }

    /** A sink that writes into {@code buf} from its start, and into a larger copy if it must grow. */
    public static ByteSink over(byte[] buf) {
        return new ByteSink(buf.length >= 16 ? buf : new byte[16]);
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The bytes written, without copying: valid up to {@link #size()} until the next write or reset. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        long need = (long) size + more;
        if (need > ImageFormat.MAX_BODY) {
            throw new IllegalStateException("record body over " + ImageFormat.MAX_BODY + " bytes");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(ImageFormat.MAX_BODY, Math.max(need, (long) buf.length * 2)));
        }
    }

    public ByteSink u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteSink u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteSink u32(long v) {
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
        return this;
    }

    public ByteSink u64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[size++] = (byte) (v >>> s);
        }
        return this;
    }

    public ByteSink varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public ByteSink bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteSink bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    public ByteSink string(String s) {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        return bytes(b);
    }
}
