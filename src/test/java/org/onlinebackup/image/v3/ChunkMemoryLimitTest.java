package org.onlinebackup.image.v3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.MasterKey;

/**
 * A data chunk whose head declares more rows than the process can hold (a decompression bomb: a few kilobytes that
 * decompress to hundreds of megabytes) is refused by its declared length, before anything is allocated for it, from
 * both {@code verify} and the chunks a restore reads; a chunk within the limit reads as before. The limits here are
 * those of a process with a small heap, whatever heap the test runs with.
 */
class ChunkMemoryLimitTest {
    /** The limit of a process with a 256 MiB heap: 64 MiB. */
    static final MemoryLimit BOMB_LIMIT = MemoryLimit.ofHeap(256L << 20);
    /** The limit of a process with a 4 MiB heap: 1 MiB, small enough to write chunks at the limit quickly. */
    static final MemoryLimit SMALL_LIMIT = MemoryLimit.ofHeap(4L << 20);

    static final int ZSTD_BOMB_BYTES = ImageFormat.MAX_BODY;
    static final int LZ4_BOMB_BYTES = 200 << 20;

    @TempDir
    Path dir;

    @Test
    void theLimitIsAQuarterOfTheHeapAndNoMoreThanTheFormatAllows() {
        assertThat(BOMB_LIMIT.chunkBytes()).isEqualTo(64 << 20);
        assertThat(MemoryLimit.ofHeap(160L << 20).chunkBytes()).isEqualTo(40 << 20);
        assertThat(MemoryLimit.ofHeap(Long.MAX_VALUE).chunkBytes()).isEqualTo(ImageFormat.MAX_BODY);
        assertThat(MemoryLimit.PROCESS.chunkBytes())
                .isEqualTo((int) Math.min(ImageFormat.MAX_BODY, Runtime.getRuntime().maxMemory() / 4));
        assertThat(SMALL_LIMIT.recordBytes()).isEqualTo((1 << 20) + ImageFormat.CHUNK_HEAD_SIZE + ImageCipher.TAG_SIZE);
    }

    @Test
    void aZstdBombIsRefusedBeforeItIsDecompressed() throws IOException {
        byte[] bomb = zstdZeros(ZSTD_BOMB_BYTES);
        assertThat(bomb.length).isLessThan(64 << 10);
        assertThat(zstdDecompressedLength(bomb)).isEqualTo(ZSTD_BOMB_BYTES);
        Path image = zstdBomb(dir.resolve("zstd-bomb.obk"));
        assertTooLarge(ImageReader.open(image, null, BOMB_LIMIT), ZSTD_BOMB_BYTES, BOMB_LIMIT, false);
    }

    @Test
    void anLz4BombIsRefusedBeforeItIsDecompressed() throws IOException {
        int small = 1 << 20;
        byte[] crafted = lz4Zeros(small);
        assertThat(Compression.LZ4.decompress(crafted, 0, crafted.length, small)).isEqualTo(new byte[small]);
        Path image = lz4Bomb(dir.resolve("lz4-bomb.obk"));
        assertTooLarge(ImageReader.open(image, null, BOMB_LIMIT), LZ4_BOMB_BYTES, BOMB_LIMIT, false);
    }

    /**
     * A chunk of exactly the limit reads back, stored plain, compressed either way, or plain and sealed (its record
     * then exactly as large as a record may be); one byte more is refused, whether its record is read whole or, too
     * large for that, only its head.
     */
    @Test
    void aChunkAtTheLimitReadsAndOneByteMoreIsRefused() throws IOException {
        int limit = SMALL_LIMIT.chunkBytes();
        Path keyFile = Files.write(dir.resolve("key"), new byte[32]);
        MasterKey key = MasterKey.fromFile(keyFile);
        for (Compression compression : Compression.values()) {
            for (boolean encrypted : new boolean[] {false, true}) {
                if (encrypted && compression != Compression.NONE) {
                    continue;
                }
                for (int size : new int[] {limit, limit + 1, limit + 4096}) {
                    Path image = dir.resolve(compression + "-" + encrypted + "-" + size + ".obk");
                    byte[] value = valueForPayloadOf(size);
                    try (ImageWriter w = ImageWriter.create(image, ImageCodecTest.HEADER,
                            encrypted ? ImageCipher.create(key) : null, compression)) {
                        ImageCodecTest.append(w, 0, 0, 0, true, List.<byte[][]>of(row(value)));
                        ImageCodecTest.append(w, 1, 0, 0, true, List.<byte[][]>of());
                        w.finish(ImageCodecTest.catalogue());
                    }
                    ImageReader r = ImageReader.open(image, encrypted ? key : null, SMALL_LIMIT);
                    assertThat(r.summary().tables().get(0).rawBytes()).isEqualTo(size);
                    if (size > limit) {
                        assertTooLarge(r, size, SMALL_LIMIT, encrypted);
                        continue;
                    }
                    r.verify();
                    try (ImageReader.Chunks chunks = r.chunks(0)) {
                        assertThat(ImageCodecTest.values(r, chunks))
                                .containsExactly("1", new String(value, StandardCharsets.US_ASCII));
                    }
                }
            }
        }
    }

    /** A chunk record larger than its head allows (a short chunk with a long tail) is refused unread, as corrupt. */
    @Test
    void aRecordOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        byte[] stored = new byte[(int) SMALL_LIMIT.recordBytes()];
        Path image = image(dir.resolve("long-tail.obk"), chunkRecord(Compression.ZSTD, 1000, stored));
        ImageReader r = ImageReader.open(image, null, SMALL_LIMIT);
        long offset = r.index().of(0).get(0).offset();
        for (ThrowingCallable read : reads(r)) {
            assertThatThrownBy(read).isInstanceOfSatisfying(OnlineBackupException.class,
                            e -> assertThat(e.messageId()).isEqualTo(Message.IMAGE_CORRUPT))
                    .hasMessageContaining("at byte offset " + offset + ": record of "
                            + (stored.length + ImageFormat.CHUNK_HEAD_SIZE) + " bytes, more than the "
                            + SMALL_LIMIT.recordBytes() + " bytes this process can hold for one record");
        }
    }

    /**
     * Refused with one line; only an authenticated image (here: decrypted with its key) is taken at its word that a
     * row was that large, with the heap it needs.
     */
    private static void assertTooLarge(ImageReader r, long declared, MemoryLimit limit, boolean authenticated) {
        long offset = r.index().of(0).get(0).offset();
        for (ThrowingCallable read : reads(r)) {
            assertThatThrownBy(read).isInstanceOfSatisfying(OnlineBackupException.class,
                            e -> assertThat(e.messageId()).isEqualTo(Message.IMAGE_CHUNK_TOO_LARGE))
                    .hasMessageStartingWith(Message.IMAGE_CHUNK_TOO_LARGE.id())
                    .hasMessageContaining("data chunk 0 of table `db😀`.`t``1` at byte offset " + offset + " declares "
                            + declared + " bytes of rows, more than the " + limit.chunkBytes() + " bytes")
                    .satisfies(e -> assertThat(e.getMessage().contains("give this process a heap of at least")).isEqualTo(authenticated));
        }
    }

    /** The two ways an image's chunks are read: verify, and table 0's first chunk as a restore reads it. */
    private static List<ThrowingCallable> reads(ImageReader r) {
        return List.of(r::verify, () -> {
            try (ImageReader.Chunks chunks = r.chunks(0)) {
                chunks.next();
            }
        });
    }

    /** An image whose table 0 is one chunk of 256 MiB of zeros, compressed with zstd into a few kilobytes. */
    static Path zstdBomb(Path image) throws IOException {
        return image(image, chunkRecord(Compression.ZSTD, ZSTD_BOMB_BYTES, zstdZeros(ZSTD_BOMB_BYTES)));
    }

    /** An image whose table 0 is one chunk of 200 MiB of zeros, an lz4 block of under a megabyte. */
    static Path lz4Bomb(Path image) throws IOException {
        return image(image, chunkRecord(Compression.LZ4, LZ4_BOMB_BYTES, lz4Zeros(LZ4_BOMB_BYTES)));
    }

    /** A valid image of the test catalogue: {@code chunk} as table 0's only chunk, table 1 one empty chunk. */
    private static Path image(Path image, byte[] chunk) throws IOException {
        try (ImageWriter w = ImageWriter.create(image, ImageCodecTest.HEADER)) {
            w.appendRecord(chunk);
            ImageCodecTest.append(w, 1, 0, 0, true, List.<byte[][]>of());
            w.finish(ImageCodecTest.catalogue());
        }
        return image;
    }

    /**
     * The record of the last chunk of range 0 of table 0, one row, whose head declares {@code rawLength} bytes stored
     * as {@code stored} with {@code codec}: framed with a right CRC32C, so only what it declares is wrong.
     */
    private static byte[] chunkRecord(Compression codec, int rawLength, byte[] stored) {
        byte[] head = new ByteSink(ImageFormat.CHUNK_HEAD_SIZE).u32(0).u32(0).u32(0)
                .u8(ImageFormat.CHUNK_FLAG_LAST | codec.code() << ImageFormat.CHUNK_CODEC_SHIFT).u32(1).u32(rawLength)
                .toByteArray();
        return Record.frame(ImageFormat.KIND_DATA, head, stored, 0, stored.length);
    }

    /** A zstd frame of {@code n} zeros, written through a small buffer: the zeros are never held at once. */
    static byte[] zstdZeros(long n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[64 << 10];
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            for (long left = n; left > 0; left -= zeros.length) {
                z.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
        return out.toByteArray();
    }

    private static long zstdDecompressedLength(byte[] frame) throws IOException {
        long n = 0;
        byte[] buf = new byte[64 << 10];
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
            for (int got = in.read(buf); got >= 0; got = in.read(buf)) {
                n += got;
            }
        }
        return n;
    }

    /**
     * An lz4 block of {@code n} zeros (n at least 25): one literal zero, then one match of offset 1 for all but the
     * last 5 bytes, its length in a long run of 0xFF bytes, then the 5 literal bytes a block must end with.
     */
    static byte[] lz4Zeros(int n) {
        int extra = n - 1 - 5 - 4 - 15;
        ByteArrayOutputStream b = new ByteArrayOutputStream(extra / 255 + 16);
        b.write(0x1F);
        b.write(0);
        b.write(1);
        b.write(0);
        for (; extra >= 255; extra -= 255) {
            b.write(0xFF);
        }
        b.write(extra);
        b.write(0x50);
        b.writeBytes(new byte[5]);
        return b.toByteArray();
    }

    private static byte[][] row(byte[] value) {
        return new byte[][] {"1".getBytes(StandardCharsets.US_ASCII), value};
    }

    /** A compressible value that makes the payload of one row of the test table exactly {@code size} bytes. */
    private static byte[] valueForPayloadOf(int size) {
        byte[] text = "a row of the test table, ".getBytes(StandardCharsets.US_ASCII);
        byte[] value = new byte[size - 2 - 3];
        for (int i = 0; i < value.length; i++) {
            value[i] = text[i % text.length];
        }
        assertThat(ImageCodecTest.payload(List.<byte[][]>of(row(value))).size()).isEqualTo(size);
        return value;
    }
}
