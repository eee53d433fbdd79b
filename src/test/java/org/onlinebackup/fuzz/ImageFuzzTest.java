package org.onlinebackup.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.ByteSink;
import org.onlinebackup.image.v3.ByteSource;
import org.onlinebackup.image.v3.ChunkIndex;
import org.onlinebackup.image.v3.Compression;
import org.onlinebackup.image.v3.DataChunk;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageFormat;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.image.v3.ImageWriter;
import org.onlinebackup.image.v3.RowPayload;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.restore.RestoreScope;
import org.onlinebackup.testing.Catalogues;

/**
 * A seeded, time-bounded fuzz test of what reads an image: the reader and verifier, the range reader a restore uses,
 * the catalogue decoder and the definition checker behind them. Mutations hit the body of one record (byte changes,
 * insertions, deletions, length and count fields set to extremes) and then make every length, offset and checksum
 * around it right again, so the decoders see the garbage rather than the CRC check. Whatever the input, the only acceptable outcome is the image accepted or an
 * {@link OnlineBackupException}: any other exception, an OutOfMemoryError or a hang is a defect, saved as a fixture
 * under {@code target/fuzz-findings/} to become a named regression file in {@code src/test/resources/fuzz/}.
 * {@code -Dobk.fuzz.seconds=N} runs longer (CI: the default 10 s), {@code -Dobk.fuzz.seed=S} replays a run.
 */
class ImageFuzzTest {
    @TempDir
    Path dir;

    /** A valid image of {@link Catalogues#everyKind()}: two chunks of rows, the first compressed. */
    static byte[] image(Path dir) throws IOException {
        ByteSink a = new ByteSink(64);
        ByteSink b = new ByteSink(64);
        for (int i = 0; i < 3; i++) {
            for (String v : new String[] {Integer.toString(i), "x\ty" + i, i == 2 ? "" : "a".repeat(200)}) {
                RowPayload.writeValue(i < 2 ? a : b, v.getBytes(StandardCharsets.UTF_8));
            }
        }
        Path image = dir.resolve("fuzz-base.obk");
        Files.deleteIfExists(image);
        try (ImageWriter w = ImageWriter.create(image, new Header(Instant.EPOCH, "10.11", "utf8mb4", "utf8mb4_general_ci",
                Instant.EPOCH, null, -1, null, "fuzz", "h"), null, Compression.ZSTD)) {
            w.appendChunk(0, 0, 0, false, 2, a.array(), a.size());
            w.appendRecord(DataChunk.frame(0, 0, 1, true, 1, b.array(), b.size()));
            w.finish(Catalogues.everyKind());
        }
        return Files.readAllBytes(image);
    }

    /** Reads, verifies and checks an image as verify and restore do, and reads each range as a restore does. */
    static boolean accepts(Path file) {
        try {
            ImageReader r = ImageReader.open(file);
            r.verify();
            Properties p = new Properties();
            p.setProperty(JobParams.USERS, "true");
            RestoreScope.check(r, p);
            int[] ranges = r.ranges();
            for (int t = 0; t < ranges.length; t++) {
                for (int range = 0; range < ranges[t]; range++) {
                    try (ImageReader.Chunks chunks = r.chunks(t, range)) {
                        while (chunks.next() != null) {
                            chunks.lastOffset();
                        }
                    }
                }
            }
            return true;
        } catch (OnlineBackupException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theBaseImageIsAccepted() throws IOException {
        Path f = dir.resolve("base.obk");
        Files.write(f, image(dir));
        assertThat(accepts(f)).isTrue();
    }

    @Test
    void mutatedImagesAreAcceptedOrRefusedWithAMessage() throws Exception {
        long seconds = Long.getLong("obk.fuzz.seconds", 10);
        long seed = Long.getLong("obk.fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        byte[] base = image(dir);
        Path f = dir.resolve("mutant.obk");
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        int runs = 0;
        int refused = 0;
        while (System.nanoTime() < until) {
            byte[] m = mutate(base, rnd);
            Files.write(f, m);
            Thread t = new Thread(() -> accepts(f));
            Throwable[] thrown = new Throwable[1];
            t.setUncaughtExceptionHandler((th, e) -> thrown[0] = e);
            t.start();
            t.join(5000);
            if (t.isAlive() || thrown[0] != null) {
                Path finding = Path.of("target", "fuzz-findings", "seed-" + seed + "-run-" + runs + ".obk");
                Files.createDirectories(finding.getParent());
                Files.write(finding, m);
                fail((t.isAlive() ? "hang" : thrown[0].toString()) + " on " + finding + " (seed " + seed + ")", thrown[0]);
            }
            refused += accepts(f) ? 0 : 1;
            runs++;
        }
        assertThat(runs).as("mutants tried (seed " + seed + ")").isGreaterThan(100);
        assertThat(refused).as("mutants refused of " + runs).isPositive();
    }

    /** Every file under src/test/resources/fuzz/ (findings of earlier runs) is refused with a message. */
    @Test
    void regressionFixturesAreRefused() throws Exception {
        for (String name : new String[] {"catalogue-string-length-past-record.obk", "zstd-payload-bad-frame.obk"}) {
            Path f = dir.resolve(name);
            try (InputStream in = ImageFuzzTest.class.getResourceAsStream("/fuzz/" + name)) {
                assertThat(in).as(name).isNotNull();
                Files.write(f, in.readAllBytes());
            }
            assertThat(accepts(f)).as(name).isFalse();
        }
    }

    /**
     * One mutation of one record's body (header, chunk, catalogue, index or summary): bytes changed, inserted or
     * deleted, or a varint set to an extreme; then the image put right around it ({@link #replace}).
     */
    static byte[] mutate(byte[] image, Random rnd) {
        int record = rnd.nextInt(records(image).size());
        byte[] body = body(image, record);
        body = switch (rnd.nextInt(5)) {
            case 0 -> flip(body, rnd);
            case 1 -> insert(body, rnd);
            case 2 -> delete(body, rnd);
            case 3 -> extreme(body, rnd);
            default -> flip(flip(flip(body, rnd), rnd), rnd);
        };
        return replace(image, record, body);
    }

    /** The offsets of every record, header to summary, in file order. */
    static List<Integer> records(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image);
        List<Integer> out = new ArrayList<>();
        int summary = (int) b.getLong(image.length - ImageFormat.TRAILER_SIZE);
        for (int at = ImageFormat.PREAMBLE_SIZE; at < summary; at += ImageFormat.RECORD_OVERHEAD + b.getInt(at + 1)) {
            out.add(at);
        }
        out.add(summary);
        return out;
    }

    static byte[] body(byte[] image, int record) {
        int at = records(image).get(record);
        return java.util.Arrays.copyOfRange(image, at + 5, at + 5 + ByteBuffer.wrap(image).getInt(at + 1));
    }

    /**
     * {@code image} with the body of record number {@code record} replaced, and everything that frames it made right
     * again as a writer would: the record's length and CRC32C; when its length changed, the chunk index's offsets
     * and sizes (unless the index is the record replaced), the summary's section sizes (unless the summary is) and
     * the trailer's summary offset. Only the decoders' checks of meaning can then find the change.
     */
    static byte[] replace(byte[] image, int record, byte[] body) {
        List<Integer> at = records(image);
        int n = at.size();
        int delta = body.length - body(image, record).length;
        int index = n - 2;
        int summary = n - 1;
        byte[][] bodies = new byte[n][];
        for (int i = 0; i < n; i++) {
            bodies[i] = i == record ? body : body(image, i);
        }
        if (record != index && record < index - 1 && delta != 0) {
            int changedAt = at.get(record);
            ByteSource src = new ByteSource(bodies[index], 0, bodies[index].length, 0);
            ChunkIndex old = ChunkIndex.decode(src, 0, Long.MAX_VALUE);
            List<ChunkIndex.Entry> entries = new ArrayList<>();
            for (ChunkIndex.Entry e : old.entries()) {
                long offset = e.offset() > changedAt ? e.offset() + delta : e.offset();
                long size = e.offset() == changedAt ? e.size() + delta : e.size();
                entries.add(new ChunkIndex.Entry(e.table(), e.range(), e.sequence(), offset, size));
            }
            bodies[index] = new ChunkIndex(entries).encode().toByteArray();
        }
        if (record != summary && delta != 0) {
            ByteBuffer s = ByteBuffer.wrap(bodies[summary].clone());
            int field = record == 0 ? 0 : record < index - 1 ? 1 : record == index - 1 ? 2 : 3;
            s.putLong(8 * field, s.getLong(8 * field) + delta);
            s.putLong(8 * 4, s.getLong(8 * 4) + delta);
            bodies[summary] = s.array();
        }
        ByteSink out = new ByteSink(image.length + 64);
        out.bytes(image, 0, ImageFormat.PREAMBLE_SIZE);
        int summaryAt = 0;
        for (int i = 0; i < n; i++) {
            summaryAt = out.size();
            ByteSink rec = new ByteSink(bodies[i].length + ImageFormat.RECORD_OVERHEAD);
            rec.u8(image[at.get(i)]).u32(bodies[i].length).bytes(bodies[i]);
            CRC32C crc = new CRC32C();
            crc.update(rec.array(), 0, rec.size());
            rec.u32(crc.getValue());
            out.bytes(rec.toByteArray());
        }
        out.u64(summaryAt).bytes(ImageFormat.END_MAGIC);
        return out.toByteArray();
    }

    private static byte[] flip(byte[] body, Random rnd) {
        if (body.length == 0) {
            return body;
        }
        byte[] c = body.clone();
        c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
        return c;
    }

    private static byte[] insert(byte[] body, Random rnd) {
        int at = rnd.nextInt(body.length + 1);
        int n = 1 + rnd.nextInt(8);
        byte[] c = new byte[body.length + n];
        System.arraycopy(body, 0, c, 0, at);
        for (int i = 0; i < n; i++) {
            c[at + i] = (byte) rnd.nextInt(256);
        }
        System.arraycopy(body, at, c, at + n, body.length - at);
        return c;
    }

    private static byte[] delete(byte[] body, Random rnd) {
        if (body.length == 0) {
            return body;
        }
        int at = rnd.nextInt(body.length);
        int n = Math.min(body.length - at, 1 + rnd.nextInt(8));
        byte[] c = new byte[body.length - n];
        System.arraycopy(body, 0, c, 0, at);
        System.arraycopy(body, at + n, c, at, body.length - at - n);
        return c;
    }

    /** A varint somewhere replaced by a huge value (0xFFFFFFFF... encoded), or a u32 set to 0x7FFFFFFF. */
    private static byte[] extreme(byte[] body, Random rnd) {
        if (body.length < 4) {
            return body;
        }
        byte[] c = body.clone();
        int at = rnd.nextInt(c.length - 3);
        if (rnd.nextBoolean()) {
            c[at] = (byte) 0xFF;
            c[at + 1] = (byte) 0xFF;
            c[at + 2] = (byte) 0xFF;
            c[at + 3] = (byte) 0x7F;
        } else {
            c[at] = 0x7F;
            c[at + 1] = (byte) 0xFF;
            c[at + 2] = (byte) 0xFF;
            c[at + 3] = (byte) 0xFF;
        }
        return c;
    }
}
