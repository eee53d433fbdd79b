package org.onlinebackup.image.v3;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A bounds-checked reader over part of a byte array. Every malformed value throws {@link MalformedImageException}
 * giving the absolute byte offset in the image, computed from {@code base}.
 */
public final class ByteSource {
    private final byte[] buf;
    private final long base;
    private final int end;
    private int pos;

    /** Reads {@code buf[from..to)}, whose first byte is at image offset {@code base}. */
    public ByteSource(byte[] buf, int from, int to, long base) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.base = base - from;
    }

    public long offset() {
        return base + pos;
    }

    public int position() {
        return pos;
    }

    public boolean hasMore() {
        return pos < end;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n, String what) {
        if (n < 0 || end - pos < n) {
            throw new MalformedImageException(offset(), what + " runs past the end of its record");
        }
    }

    public int u8(String what) {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u16(String what) {
        need(2, what);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public long u32(String what) {
        need(4, what);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public long u64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public long varint(String what) {
        long at = offset();
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1, what);
            int b = buf[pos++] & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new MalformedImageException(at, what + " is not a valid varint");
    }

    /** A varint that must lie in {@code [0, max]}. */
    public int count(String what, int max) {
        long at = offset();
        long v = varint(what);
        if (v < 0 || v > max) {
            throw new MalformedImageException(at, what + " " + Long.toUnsignedString(v) + " is out of range 0.." + max);
        }
        return (int) v;
    }

    public String string(String what) {
        long at = offset();
        long length = varint(what + " length");
        if (length < 0 || length > remaining()) {
            throw new MalformedImageException(at, what + " of " + Long.toUnsignedString(length) + " bytes runs past the end of its record");
        }
        int n = (int) length;
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw new MalformedImageException(at, what + " is not valid UTF-8");
        }
    }

    public byte[] bytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public void skip(int n, String what) {
        need(n, what);
        pos += n;
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd(String what) {
        if (pos != end) {
            throw new MalformedImageException(offset(), what + " has " + (end - pos) + " unexpected trailing bytes");
        }
    }
}
