package org.onlinebackup.image.v3;

/**
 * How much of an image this process holds in memory at once: the largest raw (decompressed) length of a data chunk
 * it opens, and the largest record body it reads, which is a chunk of that length with its head and its AES-GCM tag.
 * Both are checked against what a record or a chunk head declares before anything is allocated for it, so an image
 * cannot make its reader run out of memory by what it claims.
 * <p>
 * The format allows {@link ImageFormat#MAX_BODY}; a process allows at most a quarter of its heap, because a restore
 * runs several loader threads, each holding one opened chunk and, while it opens it, the chunk's stored form
 * (compressed, sealed) as well. A backup writes chunks of about 1 MiB, larger only for a single row that large.
 */
final class MemoryLimit {
    /** The limit of this process, from the largest heap it may have. */
    static final MemoryLimit PROCESS = ofHeap(Runtime.getRuntime().maxMemory());

    /** What a data chunk record's body holds beyond its stored payload at most: its head and its AES-GCM tag. */
    static final int CHUNK_FRAMING = ImageFormat.CHUNK_HEAD_SIZE + ImageCipher.TAG_SIZE;

    private final int chunkBytes;

    private MemoryLimit(int chunkBytes) {
        this.chunkBytes = chunkBytes;
    }

    /** The limit of a process whose heap may grow to {@code maxHeap} bytes. */
    static MemoryLimit ofHeap(long maxHeap) {
        return new MemoryLimit((int) Math.min(ImageFormat.MAX_BODY, maxHeap / 4));
    }

    /** The largest raw length of a data chunk. */
    int chunkBytes() {
        return chunkBytes;
    }

    /** The largest record body: a data chunk of {@link #chunkBytes()} stored as it is, with its head and its tag. */
    long recordBytes() {
        return (long) chunkBytes + CHUNK_FRAMING;
    }

    /** Fails with {@link ChunkTooLarge} if the chunk whose head at {@code offset} declares {@code rawLength} is over the limit. */
    void checkChunk(long offset, long rawLength) {
        if (rawLength > chunkBytes) {
            throw new ChunkTooLarge(offset, rawLength, chunkBytes);
        }
    }

    /** Fails if the record at {@code offset}, whose length field says {@code bodyLength}, is over the limit. */
    void checkRecord(long offset, long bodyLength) {
        if (bodyLength > recordBytes()) {
            throw new MalformedImageException(offset, "record of " + bodyLength + " bytes, more than the " + recordBytes()
                    + " bytes this process can hold for one record");
        }
    }

    /** A data chunk whose head declares more raw bytes than the limit: the reader names its table and refuses it. */
    static final class ChunkTooLarge extends MalformedImageException {
        private static final long serialVersionUID = 1L;
        private final long rawLength;
        private final int limit;

        ChunkTooLarge(long offset, long rawLength, int limit) {
            super(offset, "data chunk declares " + rawLength + " bytes of rows, more than the " + limit
                    + " bytes this process can hold for one chunk");
            this.rawLength = rawLength;
            this.limit = limit;
        }

        long rawLength() {
            return rawLength;
        }

        int limit() {
            return limit;
        }
    }
}
