package org.onlinebackup.image.v3;

import javax.crypto.AEADBadTagException;

/**
 * A data chunk: rows of one key range of one table. {@code range} numbers the table's key ranges from 0 (a table
 * not split has one, range 0); {@code sequence} counts the range's chunks from 0; {@code last} marks the range's
 * final chunk. The payload holds {@code rows} rows encoded as the grammar says ({@link RowPayload}): here always the
 * plain payload, whatever compression and encryption it is stored under.
 */
public record DataChunk(int table, int range, int sequence, boolean last, int rows, byte[] payload, int payloadOffset,
                        int payloadLength) {

    /** The framed record of a chunk whose payload is {@code payload[0..length)}, stored plain. */
    public static byte[] frame(int table, int range, int sequence, boolean last, int rows, byte[] payload, int length) {
        return frame(table, range, sequence, last, rows, payload, length, Compression.NONE, null);
    }

    /**
     * The framed record of a chunk: its payload compressed with {@code compression} when that makes it smaller,
     * then sealed by {@code cipher} when there is one.
     */
    public static byte[] frame(int table, int range, int sequence, boolean last, int rows, byte[] payload, int length,
                               Compression compression, ImageCipher cipher) {
        try (Compression.Compressor c = compression.compressor()) {
            int n = frameInto(c, table, range, sequence, last, rows, payload, length, cipher);
            return java.util.Arrays.copyOf(c.recordBuffer(n), n);
        }
    }

    /**
     * As above, with a compressor its caller keeps from one chunk to the next: the record is framed in the
     * compressor's record buffer, valid until its next use; returns the record's length.
     */
    static int frameInto(Compression.Compressor compressor, int table, int range, int sequence, boolean last, int rows,
                         byte[] payload, int length, ImageCipher cipher) {
        byte[] stored = payload;
        int off = 0;
        int len = length;
        Compression used = Compression.NONE;
        if (compressor.kind() != Compression.NONE && length > 0) {
            int n = compressor.compress(payload, 0, length);
            if (n < length) {
                stored = compressor.buffer();
                len = n;
                used = compressor.kind();
            }
        }
        byte[] head = head(table, range, sequence, last, rows, used, length);
        if (cipher != null) {
            stored = cipher.sealChunk(head, table, range, sequence, stored, off, len);
            off = 0;
            len = stored.length;
        }
        byte[] out = compressor.recordBuffer(ImageFormat.RECORD_OVERHEAD + head.length + len);
        return Record.frameInto(out, ImageFormat.KIND_DATA, head, stored, off, len);
    }

    private static byte[] head(int table, int range, int sequence, boolean last, int rows, Compression compression,
                               int rawLength) {
        int flags = (last ? ImageFormat.CHUNK_FLAG_LAST : 0) | compression.code() << ImageFormat.CHUNK_CODEC_SHIFT;
        return new ByteSink(ImageFormat.CHUNK_HEAD_SIZE).u32(table).u32(range).u32(sequence).u8(flags).u32(rows)
                .u32(rawLength).toByteArray();
    }

    /** What a data record's head says, without opening its payload. */
    public record Head(int table, int range, int sequence, boolean last, int rows, Compression compression, int rawLength) {
    }

    public static Head head(Record r) {
        if (r.kind() != ImageFormat.KIND_DATA) {
            throw new MalformedImageException(r.offset(), "expected a data chunk, found a record of kind " + kindName(r.kind()));
        }
        return head(r.source(), r.offset());
    }

    /** The head of a framed data chunk record. */
    public static Head head(byte[] record) {
        return head(record, 0);
    }

    /**
     * The head of the data chunk record at image offset {@code offset}, from the record's first bytes {@code start}
     * (kind, length and chunk head), before the record is read whole and its CRC32C checked.
     */
    static Head head(byte[] start, long offset) {
        if (start.length < 5 + ImageFormat.CHUNK_HEAD_SIZE || start[0] != ImageFormat.KIND_DATA) {
            throw new MalformedImageException(offset, "expected a data chunk record, found "
                    + (start.length == 0 ? "nothing" : "a record of kind " + kindName(start[0])));
        }
        return head(new ByteSource(start, 5, 5 + ImageFormat.CHUNK_HEAD_SIZE, offset + 5), offset);
    }

    private static Head head(ByteSource s, long recordOffset) {
        long table = s.u32("chunk table number");
        long range = s.u32("chunk range number");
        long seq = s.u32("chunk sequence number");
        int flags = s.u8("chunk flags");
        long rows = s.u32("chunk row count");
        long raw = s.u32("chunk raw length");
        if (table > Integer.MAX_VALUE || range > Integer.MAX_VALUE || seq > Integer.MAX_VALUE || rows > Integer.MAX_VALUE) {
            throw new MalformedImageException(recordOffset + 5, "chunk numbers out of range");
        }
        Compression c = Compression.ofCode((flags >> ImageFormat.CHUNK_CODEC_SHIFT) & ImageFormat.CHUNK_CODEC_MASK);
        if ((flags & ~(ImageFormat.CHUNK_FLAG_LAST | ImageFormat.CHUNK_CODEC_MASK << ImageFormat.CHUNK_CODEC_SHIFT)) != 0
                || c == null) {
            throw new MalformedImageException(recordOffset + 17, "unknown chunk flags " + flags);
        }
        if (raw > ImageFormat.MAX_BODY) {
            throw new MalformedImageException(recordOffset + 22, "chunk raw length " + raw + " is over the limit of " + ImageFormat.MAX_BODY);
        }
        return new Head((int) table, (int) range, (int) seq, (flags & ImageFormat.CHUNK_FLAG_LAST) != 0, (int) rows, c, (int) raw);
    }

    /**
     * The chunk a data record carries, its payload opened (decrypted by {@code cipher} if any, decompressed); a head
     * that declares more raw bytes than {@code memory} allows is {@link MemoryLimit.ChunkTooLarge}, before anything
     * is allocated for the payload.
     */
    static DataChunk open(Record r, ImageCipher cipher, MemoryLimit memory) {
        Head h = head(r);
        memory.checkChunk(r.offset(), h.rawLength());
        byte[] body = r.body();
        int off = ImageFormat.CHUNK_HEAD_SIZE;
        int len = body.length - off;
        if (cipher != null) {
            try {
                body = cipher.openChunk(java.util.Arrays.copyOf(r.body(), ImageFormat.CHUNK_HEAD_SIZE), h.table(), h.range(),
                        h.sequence(), body, off, len);
            } catch (AEADBadTagException e) {
                throw new AuthenticationFailure(r.offset(), "data chunk " + h.sequence() + " of range " + h.range()
                        + " of table number " + h.table() + " at byte offset " + r.offset());
            }
            off = 0;
            len = body.length;
        }
        if (h.compression() == Compression.NONE) {
            if (len != h.rawLength()) {
                throw new MalformedImageException(r.offset(), "data chunk payload of " + len + " bytes, its head says " + h.rawLength());
            }
            return new DataChunk(h.table(), h.range(), h.sequence(), h.last(), h.rows(), body, off, len);
        }
        try {
            byte[] plain = h.compression().decompress(body, off, len, h.rawLength());
            return new DataChunk(h.table(), h.range(), h.sequence(), h.last(), h.rows(), plain, 0, plain.length);
        } catch (IllegalArgumentException e) {
            throw new MalformedImageException(r.offset(), "data chunk payload: " + e.getMessage());
        }
    }

    static String kindName(byte kind) {
        return kind >= 0x20 && kind < 0x7F ? "'" + (char) kind + "'" : String.format("0x%02x", kind & 0xFF);
    }
}
