package org.onlinebackup.image.v3;

import java.nio.charset.StandardCharsets;

/**
 * Constants of image format version 3. The grammar is in {@code package-info.java} of this package.
 */
public final class ImageFormat {
    private ImageFormat() {
    }

    public static final byte[] MAGIC = "OBKIMAGE".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] END_MAGIC = "OBKEND\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 3;
    /** magic(8) version(u16) reserved(u16). */
    public static final int PREAMBLE_SIZE = 12;
    /** summary-offset(u64) end-magic(8). */
    public static final int TRAILER_SIZE = 16;
    /** kind(u8) length(u32) ... crc32c(u32). */
    public static final int RECORD_OVERHEAD = 9;
    /**
     * The largest record body this implementation reads or writes: a data chunk holds about 1 MiB of rows, or one
     * row when a row is larger; a row cannot be larger than this.
     */
    public static final int MAX_BODY = 256 << 20;

    public static final byte KIND_HEADER = 'H';
    public static final byte KIND_CATALOGUE = 'C';
    public static final byte KIND_DATA = 'D';
    public static final byte KIND_INDEX = 'I';
    public static final byte KIND_SUMMARY = 'S';
    /** The seal of a signed image, between the summary and the trailer. */
    public static final byte KIND_SEAL = 'A';

    /** table(u32) range(u32) sequence(u32) flags(u8) rows(u32) raw-length(u32). */
    public static final int CHUNK_HEAD_SIZE = 21;
    public static final int CHUNK_FLAG_LAST = 1;
    /** Bits 1 and 2 of the chunk flags: the payload's {@link Compression}. */
    public static final int CHUNK_CODEC_SHIFT = 1;
    public static final int CHUNK_CODEC_MASK = 3;
}
