package org.onlinebackup.image.v2;

/**
 * A data chunk: rows of one table. {@code sequence} counts the table's chunks from 0; {@code last} marks its final
 * chunk. The payload holds {@code rows} rows encoded as the grammar says ({@link RowPayload}).
 */
public record DataChunk(int table, int sequence, boolean last, int rows, byte[] payload, int payloadOffset,
                        int payloadLength) {

    /** The framed record of a chunk whose payload is {@code payload[0..length)}. */
    public static byte[] frame(int table, int sequence, boolean last, int rows, byte[] payload, int length) {
        return frame(table, sequence, last, rows, payload, length, null);
    }

    /** The framed record of a chunk, its payload sealed by {@code cipher} when there is one. */
    public static byte[] frame(int table, int sequence, boolean last, int rows, byte[] payload, int length, ImageCipher cipher) {
        ByteSink head = new ByteSink(ImageFormat.CHUNK_HEAD_SIZE);
        head.u32(table).u32(sequence).u8(last ? ImageFormat.CHUNK_FLAG_LAST : 0).u32(rows);
        byte[] h = head.toByteArray();
        if (cipher == null) {
            return Record.frame(ImageFormat.KIND_DATA, h, payload, 0, length);
        }
        byte[] sealed = cipher.sealChunk(h, table, sequence, payload, 0, length);
        return Record.frame(ImageFormat.KIND_DATA, h, sealed, 0, sealed.length);
    }

    /** The chunk a data record carries, its payload opened by {@code cipher} when the image is encrypted. */
    public static DataChunk open(Record r, ImageCipher cipher) {
        DataChunk c = decode(r);
        if (cipher == null) {
            return c;
        }
        byte[] head = java.util.Arrays.copyOf(r.body(), ImageFormat.CHUNK_HEAD_SIZE);
        try {
            byte[] plain = cipher.openChunk(head, c.table(), c.sequence(), c.payload(), c.payloadOffset(), c.payloadLength());
            return new DataChunk(c.table(), c.sequence(), c.last(), c.rows(), plain, 0, plain.length);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new AuthenticationFailure(r.offset(), "data chunk " + c.sequence() + " of table number " + c.table()
                    + " at byte offset " + r.offset());
        }
    }

    /** The chunk a data record carries. */
    public static DataChunk decode(Record r) {
        if (r.kind() != ImageFormat.KIND_DATA) {
            throw new MalformedImageException(r.offset(), "expected a data chunk, found a record of kind " + kindName(r.kind()));
        }
        ByteSource s = r.source();
        long table = s.u32("chunk table number");
        long seq = s.u32("chunk sequence number");
        int flags = s.u8("chunk flags");
        long rows = s.u32("chunk row count");
        if (table > Integer.MAX_VALUE || seq > Integer.MAX_VALUE || rows > Integer.MAX_VALUE) {
            throw new MalformedImageException(r.offset() + 5, "chunk numbers out of range");
        }
        if ((flags & ~ImageFormat.CHUNK_FLAG_LAST) != 0) {
            throw new MalformedImageException(r.offset() + 13, "unknown chunk flags " + flags);
        }
        return new DataChunk((int) table, (int) seq, (flags & ImageFormat.CHUNK_FLAG_LAST) != 0, (int) rows,
                r.body(), ImageFormat.CHUNK_HEAD_SIZE, r.body().length - ImageFormat.CHUNK_HEAD_SIZE);
    }

    /** The table number of a data record, read even if its CRC failed (for the error message). */
    public static long tableOf(Record r) {
        if (r.body().length < 4) {
            return -1;
        }
        return r.source().u32("chunk table number");
    }

    static String kindName(byte kind) {
        return kind >= 0x20 && kind < 0x7F ? "'" + (char) kind + "'" : String.format("0x%02x", kind & 0xFF);
    }
}
