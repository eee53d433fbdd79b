package org.onlinebackup.image.v2;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads records one after the other from a file, from a start offset up to a limit, keeping the CRC32C of every
 * byte it read (for the image checksum). A record cut by the limit or by the end of the file is reported as
 * truncated; a record whose CRC does not match is returned with {@code intact == false} for the caller to report.
 */
public final class RecordInput implements Closeable {
    private final FileChannel channel;
    private final InputStream in;
    private final long limit;
    private final CRC32C running = new CRC32C();
    private long offset;

    public RecordInput(Path file, long start, long limit) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(start);
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        this.offset = start;
        this.limit = limit;
    }

    public long offset() {
        return offset;
    }

    /** CRC32C of the bytes read so far. */
    public int runningCrc() {
        return (int) running.getValue();
    }

    /** Reads {@code n} raw bytes (a preamble), counted in the running CRC. */
    public byte[] raw(int n) throws IOException {
        byte[] b = new byte[n];
        readFully(b, 0, n);
        return b;
    }

    /** The next record, or null at the limit. */
    public Record next() throws IOException {
        if (offset >= limit) {
            return null;
        }
        long at = offset;
        if (limit - at < ImageFormat.RECORD_OVERHEAD) {
            throw new TruncatedImageException(at, "a record starts " + (limit - at) + " bytes before the end of its section");
        }
        byte[] head = new byte[5];
        readFully(head, 0, 5);
        long len = ((head[1] & 0xFFL) << 24) | ((head[2] & 0xFFL) << 16) | ((head[3] & 0xFFL) << 8) | (head[4] & 0xFFL);
        if (len > ImageFormat.MAX_BODY) {
            throw new MalformedImageException(at, "record length " + len + " is over the limit of " + ImageFormat.MAX_BODY);
        }
        if (at + ImageFormat.RECORD_OVERHEAD + len > limit) {
            throw new MalformedImageException(at, "record of " + len + " bytes runs past the end of its section at offset " + limit);
        }
        byte[] body = new byte[(int) len];
        readFully(body, 0, body.length);
        byte[] tail = new byte[4];
        CRC32C crc = new CRC32C();
        crc.update(head);
        crc.update(body);
        readFully(tail, 0, 4);
        int stored = ((tail[0] & 0xFF) << 24) | ((tail[1] & 0xFF) << 16) | ((tail[2] & 0xFF) << 8) | (tail[3] & 0xFF);
        return new Record(head[0], at, body, stored, stored == (int) crc.getValue());
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new TruncatedImageException(offset, "the file ends inside a record");
            }
            done += n;
            offset += n;
        }
        running.update(b, off, len);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The file ended where the grammar wants more bytes. */
    public static final class TruncatedImageException extends EOFException {
        private static final long serialVersionUID = 1L;
        private final long offset;

        public TruncatedImageException(long offset, String problem) {
            super(problem);
            this.offset = offset;
        }

        public long offset() {
            return offset;
        }
    }
}
