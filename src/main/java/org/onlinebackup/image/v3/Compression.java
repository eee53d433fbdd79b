package org.onlinebackup.image.v3;

import java.util.Locale;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * How a data chunk's payload is compressed: not at all, zstd at a fast level (the default), or lz4. A chunk that
 * would not get smaller is stored as it is, and says so in its flags, so incompressible data costs nothing to read.
 * Compression comes before encryption.
 */
public enum Compression {
    NONE(0),
    ZSTD(1),
    LZ4(2);

    /** zstd's level: fast, for a backup that should not wait for its compressor. */
    private static final int ZSTD_LEVEL = 1;
    /** lz4's native library, loaded the first time an lz4 chunk is written or read, not by every command. */
    private static final class Lz4 {
        static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    }

    private final int code;

    Compression(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Compression ofCode(int code) {
        for (Compression c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** The compression named {@code name} ({@code zstd}, {@code lz4}, {@code none}), or null. */
    public static Compression named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A compressor of this kind, for one thread at a time; close it to free zstd's context. */
    public Compressor compressor() {
        return new Compressor(this);
    }

    /**
     * Compresses one payload after another into a buffer of its own, which it keeps, as it keeps zstd's context and
     * a buffer to frame records in: making a context for each 1 MiB chunk was a third of zstd's time in a backup,
     * and each chunk's buffers were garbage that filled the heap.
     */
    public static final class Compressor implements AutoCloseable {
        private final Compression kind;
        private ZstdCompressCtx zstd;
        private byte[] out = new byte[0];
        private byte[] record = new byte[0];

        private Compressor(Compression kind) {
            this.kind = kind;
        }

        public Compression kind() {
            return kind;
        }

        /** Compresses {@code src[off..off+len)} into {@link #buffer()}; returns the compressed length. */
        public int compress(byte[] src, int off, int len) {
            switch (kind) {
                case NONE -> {
                    room(len);
                    System.arraycopy(src, off, out, 0, len);
                    return len;
                }
                case ZSTD -> {
                    room((int) Zstd.compressBound(len));
                    if (zstd == null) {
                        zstd = new ZstdCompressCtx();
                        zstd.setLevel(ZSTD_LEVEL);
                    }
                    try {
                        return zstd.compressByteArray(out, 0, out.length, src, off, len);
                    } catch (ZstdException e) {
                        throw new IllegalStateException("zstd: " + e.getMessage(), e);
                    }
                }
                case LZ4 -> {
                    LZ4Compressor c = Lz4.FACTORY.fastCompressor();
                    room(c.maxCompressedLength(len));
                    return c.compress(src, off, len, out, 0, out.length);
                }
                default -> throw new IllegalStateException("no compressor for " + kind);
            }
        }

        /** The output of the last {@link #compress}, valid until the next. */
        public byte[] buffer() {
            return out;
        }

        /** A buffer of at least {@code n} bytes that its user frames a record in, kept for the next record. */
        byte[] recordBuffer(int n) {
            if (record.length < n) {
                record = new byte[n];
            }
            return record;
        }

        private void room(int n) {
            if (out.length < n) {
                out = new byte[n];
            }
        }

        @Override
        public void close() {
            if (zstd != null) {
                zstd.close();
                zstd = null;
            }
        }
    }

    /**
     * {@code src[off..off+len)} decompressed to exactly {@code rawLength} bytes; a payload that does not decompress
     * to that is an {@link IllegalArgumentException}.
     */
    public byte[] decompress(byte[] src, int off, int len, int rawLength) {
        byte[] dst = new byte[rawLength];
        switch (this) {
            case NONE -> {
                if (len != rawLength) {
                    throw new IllegalArgumentException("stored payload of " + len + " bytes, raw length " + rawLength);
                }
                System.arraycopy(src, off, dst, 0, len);
            }
            case ZSTD -> {
                long n;
                try {
                    n = Zstd.decompressByteArray(dst, 0, rawLength, src, off, len);
                } catch (ZstdException e) {
                    throw new IllegalArgumentException("zstd payload does not decompress: " + e.getMessage());
                }
                if (Zstd.isError(n) || n != rawLength) {
                    throw new IllegalArgumentException("zstd payload does not decompress to " + rawLength + " bytes"
                            + (Zstd.isError(n) ? ": " + Zstd.getErrorName(n) : ""));
                }
            }
            case LZ4 -> {
                try {
                    int used = Lz4.FACTORY.safeDecompressor().decompress(src, off, len, dst, 0, rawLength);
                    if (used != rawLength) {
                        throw new IllegalArgumentException("lz4 payload decompresses to " + used + " bytes, not " + rawLength);
                    }
                } catch (LZ4Exception e) {
                    throw new IllegalArgumentException("lz4 payload does not decompress: " + e.getMessage());
                }
            }
        }
        return dst;
    }
}
