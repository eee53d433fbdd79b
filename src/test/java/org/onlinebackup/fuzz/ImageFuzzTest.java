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
import org.onlinebackup.image.v2.ByteSink;
import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.image.v2.Header;
import org.onlinebackup.image.v2.ImageReader;
import org.onlinebackup.image.v2.ImageWriter;
import org.onlinebackup.image.v2.RowPayload;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.restore.RestoreScope;
import org.onlinebackup.testing.Catalogues;

/**
 * A seeded, time-bounded fuzz test of what reads an image: the reader and verifier, the catalogue decoder and the
 * definition checker behind them. Mutations hit the body of one record (byte changes, insertions, deletions, length
 * and count fields set to extremes) and then make every checksum right again, so the decoders see the garbage
 * rather than the CRC check. Whatever the input, the only acceptable outcome is the image accepted or an
 * {@link OnlineBackupException}: any other exception, an OutOfMemoryError or a hang is a defect, saved as a fixture
 * under {@code target/fuzz-findings/} to become a named regression file in {@code src/test/resources/fuzz/}.
 * {@code -Dobk.fuzz.seconds=N} runs longer (CI: the default 10 s), {@code -Dobk.fuzz.seed=S} replays a run.
 */
class ImageFuzzTest {
    @TempDir
    Path dir;

    /** A valid image of {@link Catalogues#everyKind()} with two chunks of rows. */
    static byte[] image(Path dir) throws IOException {
        ByteSink a = new ByteSink(64);
        ByteSink b = new ByteSink(64);
        for (int i = 0; i < 3; i++) {
            for (String v : new String[] {Integer.toString(i), "x\ty" + i, i == 2 ? "" : "a"}) {
                RowPayload.writeValue(i < 2 ? a : b, v.getBytes(StandardCharsets.UTF_8));
            }
        }
        Path seg = dir.resolve("fuzz.seg");
        ByteSink both = new ByteSink(256);
        both.bytes(DataChunk.frame(0, 0, false, 2, a.array(), a.size()));
        both.bytes(DataChunk.frame(0, 1, true, 1, b.array(), b.size()));
        Files.write(seg, both.toByteArray());
        Path image = dir.resolve("fuzz-base.obk");
        Files.deleteIfExists(image);
        try (ImageWriter w = ImageWriter.create(image, new Header(Instant.EPOCH, "10.11", "utf8mb4", "utf8mb4_general_ci",
                Instant.EPOCH, null, -1, null, "fuzz", "h"), Catalogues.everyKind())) {
            w.appendSegment(seg);
            w.finish();
        }
        return Files.readAllBytes(image);
    }

    /** Reads, verifies and checks an image as verify and restore do; true if accepted. */
    static boolean accepts(Path file) {
        try {
            ImageReader r = ImageReader.open(file);
            r.verify();
            Properties p = new Properties();
            p.setProperty(JobParams.USERS, "true");
            RestoreScope.check(r.catalogue(), p);
            return true;
        } catch (OnlineBackupException e) {
            return false;
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
        for (String name : new String[] {"catalogue-string-length-past-record.obk"}) {
            Path f = dir.resolve(name);
            try (InputStream in = ImageFuzzTest.class.getResourceAsStream("/fuzz/" + name)) {
                assertThat(in).as(name).isNotNull();
                Files.write(f, in.readAllBytes());
            }
            assertThat(accepts(f)).as(name).isFalse();
        }
    }

    /**
     * One mutation of one record's body (header, catalogue, chunk or summary), its CRC and the image checksum made
     * right again: bytes changed, inserted or deleted (the record's length following), or a varint set to an extreme.
     */
    static byte[] mutate(byte[] image, Random rnd) {
        List<int[]> records = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(image);
        int summary = (int) b.getLong(image.length - 16);
        for (int at = 12; at < summary; at += 9 + b.getInt(at + 1)) {
            records.add(new int[] {at, b.getInt(at + 1)});
        }
        int[] r = records.get(rnd.nextInt(records.size()));
        int bodyStart = r[0] + 5;
        byte[] body = java.util.Arrays.copyOfRange(image, bodyStart, bodyStart + r[1]);
        body = switch (rnd.nextInt(5)) {
            case 0 -> flip(body, rnd);
            case 1 -> insert(body, rnd);
            case 2 -> delete(body, rnd);
            case 3 -> extreme(body, rnd);
            default -> flip(flip(flip(body, rnd), rnd), rnd);
        };
        ByteSink out = new ByteSink(image.length + 16);
        out.bytes(image, 0, r[0]);
        ByteSink rec = new ByteSink(body.length + 9);
        rec.u8(image[r[0]]).u32(body.length).bytes(body);
        CRC32C crc = new CRC32C();
        crc.update(rec.array(), 0, rec.size());
        rec.u32(crc.getValue());
        out.bytes(rec.toByteArray());
        out.bytes(image, r[0] + 9 + r[1], summary - (r[0] + 9 + r[1]));
        int newSummary = out.size();
        byte[] prefix = out.toByteArray();
        ByteBuffer s = ByteBuffer.wrap(java.util.Arrays.copyOfRange(image, summary, image.length));
        int sumLen = s.getInt(1);
        s.putLong(5 + 24, prefix.length + (image.length - summary));
        CRC32C all = new CRC32C();
        all.update(prefix);
        s.putInt(5 + sumLen - 4, (int) all.getValue());
        CRC32C sc = new CRC32C();
        sc.update(s.array(), 0, 5 + sumLen);
        s.putInt(5 + sumLen, (int) sc.getValue());
        s.putLong(s.capacity() - 16, newSummary);
        ByteSink fin = new ByteSink(prefix.length + s.capacity());
        fin.bytes(prefix).bytes(s.array());
        return fin.toByteArray();
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
