package org.onlinebackup.image.v3;

/**
 * Writes and reads the payload of data chunks: rows of values, each value NULL or a length and its bytes.
 */
public final class RowPayload {
    private RowPayload() {
    }

    /** Appends one value ({@code null} for SQL NULL). */
    public static void writeValue(ByteSink sink, byte[] value) {
        if (value == null) {
            sink.varint(0);
        } else {
            sink.varint(value.length + 1L);
            sink.bytes(value);
        }
    }

    /** Steps through the values of a payload without copying them. */
    public static final class Cursor {
        private final ByteSource src;
        private boolean isNull;
        private int valueOffset;
        private int valueLength;
        private final byte[] buf;

        public Cursor(DataChunk chunk, long chunkOffset) {
            this.buf = chunk.payload();
            this.src = new ByteSource(buf, chunk.payloadOffset(), chunk.payloadOffset() + chunk.payloadLength(),
                    chunkOffset + 5 + chunk.payloadOffset());
        }

        /** Moves to the next value. */
        public void next() {
            long at = src.offset();
            long n = src.varint("value length");
            if (n == 0) {
                isNull = true;
                valueLength = 0;
                return;
            }
            if (n - 1 > src.remaining()) {
                throw new MalformedImageException(at, "value of " + (n - 1) + " bytes runs past the end of its chunk");
            }
            isNull = false;
            valueOffset = src.position();
            valueLength = (int) (n - 1);
            src.skip(valueLength, "value");
        }

        public boolean isNull() {
            return isNull;
        }

        public byte[] buffer() {
            return buf;
        }

        public int valueOffset() {
            return valueOffset;
        }

        public int valueLength() {
            return valueLength;
        }

        public boolean hasMore() {
            return src.hasMore();
        }

        public long offset() {
            return src.offset();
        }

        /** Fails unless the payload held exactly the values read. */
        public void expectEnd() {
            src.expectEnd("chunk payload");
        }
    }
}
