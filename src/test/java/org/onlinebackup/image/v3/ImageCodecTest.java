package org.onlinebackup.image.v3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

class ImageCodecTest {
    @TempDir
    Path dir;

    static final Header HEADER = new Header(Instant.parse("2026-01-02T03:04:05.123456Z"), "10.11.19-MariaDB", "utf8mb4",
            "utf8mb4_general_ci", Instant.parse("2026-01-02T03:04:04.000001Z"), "bin.000007", 4242L, "0-1-99",
            "online-backup test", "host-ü");

    static Catalogue catalogue() {
        List<ColumnEntry> cols = List.of(
                new ColumnEntry("id", "int", "int(11)", null, null, true),
                new ColumnEntry("v", "varchar", "varchar(10)", "utf8mb4", "utf8mb4_general_ci", true),
                new ColumnEntry("g", "int", "int(11)", null, null, false));
        return new Catalogue(
                List.of(new DatabaseEntry("db😀", "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `db😀`"),
                        new DatabaseEntry("d2", "latin1", "latin1_swedish_ci", "CREATE DATABASE `d2`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "t`1", "InnoDB", 0, "CREATE TABLE `t``1` (...)", cols),
                        new TableEntry(1, 1, "empty", "InnoDB", 0, "CREATE TABLE `empty` (...)", cols)));
    }

    /** Every kind of entry, with contexts, flags, a trigger order, an event status, accounts and notes, round-trips. */
    @Test
    void aCatalogueOfEveryKindRoundTrips() {
        Catalogue c = org.onlinebackup.testing.Catalogues.everyKind();
        ByteSink body = CatalogueCodec.encode(c);
        assertThat(CatalogueCodec.decode(new ByteSource(body.array(), 0, body.size(), 0))).isEqualTo(c);
        Catalogue versioned = new Catalogue(c.databases(), c.snapshots(), List.of(new TableEntry(0, 0, "v", "InnoDB", 0,
                "CREATE TABLE v (...)", List.of(new ColumnEntry("id", "int", "int(11)", null, null, true),
                        new ColumnEntry("s", "bigint", "bigint(20) unsigned", null, null, true, ColumnEntry.Role.ROW_START),
                        new ColumnEntry("e", "bigint", "bigint(20) unsigned", null, null, true, ColumnEntry.Role.ROW_END)),
                TableEntry.Versioning.TRANSACTION)));
        ByteSink v = CatalogueCodec.encode(versioned);
        assertThat(CatalogueCodec.decode(new ByteSource(v.array(), 0, v.size(), 0))).isEqualTo(versioned);
    }

    /**
     * The selection round-trips; a catalogue written before selections existed (it ends after the notes) reads as
     * whole databases; a pattern that is not one is a malformed image.
     */
    @Test
    void theSelectionRoundTripsAndIsOptional() {
        Catalogue c = org.onlinebackup.testing.Catalogues.everyKind();
        Catalogue selected = new Catalogue(c.databases(), c.snapshots(), c.tables(), c.objects(), c.accounts(), c.notes(),
                new Selection(List.of("d1.t*", "`d.2`.x"), List.of("d1.tmp"), List.of("scratch_*"), true));
        ByteSink body = CatalogueCodec.encode(selected);
        assertThat(CatalogueCodec.decode(new ByteSource(body.array(), 0, body.size(), 0))).isEqualTo(selected);

        ByteSink whole = CatalogueCodec.encode(c);
        int withoutSelection = whole.size() - 4;
        assertThat(CatalogueCodec.decode(new ByteSource(whole.array(), 0, withoutSelection, 0)).selection()).isEqualTo(Selection.EVERYTHING);

        ByteSink bad = CatalogueCodec.encode(c);
        byte[] bytes = Arrays.copyOf(bad.array(), withoutSelection + 6);
        bytes[withoutSelection] = 1;
        bytes[withoutSelection + 1] = 3;
        bytes[withoutSelection + 2] = 'a';
        bytes[withoutSelection + 3] = 'b';
        bytes[withoutSelection + 4] = 'c';
        bytes[withoutSelection + 5] = 0;
        byte[] tail = {0, 0};
        byte[] all = Arrays.copyOf(bytes, bytes.length + tail.length);
        assertThatThrownBy(() -> CatalogueCodec.decode(new ByteSource(all, 0, all.length, 0)))
                .isInstanceOf(MalformedImageException.class).hasMessageContaining("selection: 'abc' is not a table pattern");
    }

    /** Counts and lengths far beyond the record (varints of up to 2^63) are refused at once, without allocating. */
    @Test
    void hugeCountsAndLengthsAreRefusedWithoutAllocating() {
        byte[] hugeCount = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 0x7F, 0, 0, 0};
        assertThatThrownBy(() -> CatalogueCodec.decode(new ByteSource(hugeCount, 0, hugeCount.length, 100)))
                .isInstanceOf(MalformedImageException.class).hasMessageContaining("database count")
                .hasMessageContaining("out of range");
        byte[] hugeName = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'x'};
        assertThatThrownBy(() -> CatalogueCodec.decode(new ByteSource(hugeName, 0, hugeName.length, 100)))
                .isInstanceOf(MalformedImageException.class).hasMessageContaining("database name of 4294967295 bytes runs past");
        byte[] tooLongVarint = new byte[12];
        java.util.Arrays.fill(tooLongVarint, (byte) 0x80);
        assertThatThrownBy(() -> CatalogueCodec.decode(new ByteSource(tooLongVarint, 0, tooLongVarint.length, 100)))
                .isInstanceOf(MalformedImageException.class);
    }

    static byte[][] row(int id, String v) {
        return new byte[][] {Integer.toString(id).getBytes(StandardCharsets.US_ASCII),
                v == null ? null : v.getBytes(StandardCharsets.UTF_8)};
    }

    static ByteSink payload(List<byte[][]> rows) {
        ByteSink payload = new ByteSink(64);
        for (byte[][] r : rows) {
            for (byte[] v : r) {
                RowPayload.writeValue(payload, v);
            }
        }
        return payload;
    }

    static void append(ImageWriter w, int table, int range, int seq, boolean last, List<byte[][]> rows) throws IOException {
        ByteSink p = payload(rows);
        w.appendChunk(table, range, seq, last, rows.size(), p.array(), p.size());
    }

    /** An image of two tables: table 0 in three chunks (a NULL, an empty string, tabs), table 1 empty. */
    Path writeImage(String name, Compression compression) throws IOException {
        Path image = dir.resolve(name + ".obk");
        try (ImageWriter w = ImageWriter.create(image, HEADER, null, compression)) {
            append(w, 1, 0, 0, true, List.<byte[][]>of());
            append(w, 0, 0, 0, false, List.of(row(1, "a"), row(2, null)));
            append(w, 0, 0, 1, false, List.<byte[][]>of(row(3, "")));
            append(w, 0, 0, 2, true, List.of(row(4, "x\ty\n\\z\0"), row(5, "😀")));
            w.finish(catalogue());
        }
        return image;
    }

    Path writeImage(String name) throws IOException {
        return writeImage(name, Compression.NONE);
    }

    static List<String> values(ImageReader r, ImageReader.Chunks chunks) {
        List<String> values = new ArrayList<>();
        for (DataChunk c = chunks.next(); c != null; c = chunks.next()) {
            RowPayload.Cursor cur = new RowPayload.Cursor(c, chunks.lastOffset());
            for (int i = 0; i < c.rows() * r.catalogue().tables().get(c.table()).dataColumns().size(); i++) {
                cur.next();
                values.add(cur.isNull() ? "NULL" : new String(cur.buffer(), cur.valueOffset(), cur.valueLength(), StandardCharsets.UTF_8));
            }
            cur.expectEnd();
        }
        return values;
    }

    @Test
    void roundTripKeepsHeaderCatalogueSummaryAndValuesWithEveryCompression() throws IOException {
        for (Compression compression : Compression.values()) {
            Path image = writeImage("rt-" + compression, compression);
            ImageReader r = ImageReader.open(image);
            r.verify();
            assertThat(r.header()).isEqualTo(HEADER);
            assertThat(r.catalogue()).isEqualTo(catalogue());
            Summary s = r.summary();
            assertThat(s.totalBytes()).isEqualTo(Files.size(image));
            assertThat(s.tables()).extracting(Summary.TableStats::rows).containsExactly(5L, 0L);
            assertThat(s.tables()).extracting(Summary.TableStats::chunks).containsExactly(3L, 1L);
            assertThat(s.tables()).extracting(Summary.TableStats::ranges).containsExactly(1, 1);
            assertThat(s.headerBytes() + s.dataBytes() + s.catalogueBytes() + s.indexBytes() + Summary.recordSize(2)
                    + ImageFormat.PREAMBLE_SIZE + ImageFormat.TRAILER_SIZE).isEqualTo(s.totalBytes());
            assertThat(s.tables().get(0).storedBytes() + s.tables().get(1).storedBytes()).isEqualTo(s.dataBytes());
            try (ImageReader.Chunks chunks = r.chunks(0)) {
                assertThat(values(r, chunks)).containsExactly("1", "a", "2", "NULL", "3", "", "4", "x\ty\n\\z\0", "5", "😀");
            }
            try (ImageReader.Chunks chunks = r.chunks(1)) {
                assertThat(values(r, chunks)).isEmpty();
                assertThat(chunks.count()).isEqualTo(1);
            }
        }
    }

    /** Compressible rows are stored compressed; the summary counts both sizes, the reader gives the rows back. */
    @Test
    void compressedChunksAreSmallerAndReadBackEqual() throws IOException {
        List<byte[][]> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(row(i, "value number " + (i % 17)));
        }
        long[] stored = new long[Compression.values().length];
        for (Compression compression : Compression.values()) {
            Path image = dir.resolve("z-" + compression + ".obk");
            try (ImageWriter w = ImageWriter.create(image, HEADER, null, compression)) {
                append(w, 0, 0, 0, false, rows.subList(0, 1000));
                append(w, 0, 0, 1, true, rows.subList(1000, 2000));
                append(w, 1, 0, 0, true, List.<byte[][]>of());
                w.finish(catalogue());
            }
            ImageReader r = ImageReader.open(image);
            r.verify();
            Summary.TableStats t = r.summary().tables().get(0);
            stored[compression.ordinal()] = t.storedBytes();
            assertThat(t.rawBytes()).isEqualTo(payload(rows.subList(0, 1000)).size() + payload(rows.subList(1000, 2000)).size());
            try (ImageReader.Chunks chunks = r.chunks(0)) {
                List<String> v = values(r, chunks);
                assertThat(v).hasSize(4000);
                assertThat(v.get(3998)).isEqualTo("1999");
                assertThat(v.get(3999)).isEqualTo("value number " + (1999 % 17));
            }
        }
        assertThat(stored[Compression.ZSTD.ordinal()]).isLessThan(stored[Compression.NONE.ordinal()] / 4);
        assertThat(stored[Compression.LZ4.ordinal()]).isLessThan(stored[Compression.NONE.ordinal()] / 2);
    }

    /**
     * Chunks appended by several threads at once, ranges of one table interleaved in the file as partitions write
     * them: the index gives each range back in order, alone or with the table's other ranges.
     */
    @Test
    void rangesWrittenByConcurrentThreadsReadBackInOrder() throws Exception {
        Path image = dir.resolve("ranges.obk");
        int ranges = 4;
        int chunksPerRange = 25;
        try (ImageWriter w = ImageWriter.create(image, HEADER, null, Compression.ZSTD)) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int range = 0; range < ranges; range++) {
                int rr = range;
                threads.add(new Thread(() -> {
                    try {
                        for (int seq = 0; seq < chunksPerRange; seq++) {
                            int id = rr * 1000 + seq;
                            append(w, 0, rr, seq, seq == chunksPerRange - 1, List.<byte[][]>of(row(id, "r" + rr)));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            append(w, 1, 0, 0, true, List.<byte[][]>of());
            w.finish(catalogue(), new int[] {ranges, 1});
        }
        ImageReader r = ImageReader.open(image);
        r.verify();
        assertThat(r.ranges()).containsExactly(ranges, 1);
        List<String> all;
        try (ImageReader.Chunks chunks = r.chunks(0)) {
            all = values(r, chunks);
        }
        List<String> expected = new ArrayList<>();
        for (int range = 0; range < ranges; range++) {
            for (int seq = 0; seq < chunksPerRange; seq++) {
                expected.add(Integer.toString(range * 1000 + seq));
                expected.add("r" + range);
            }
        }
        assertThat(all).isEqualTo(expected);
        try (ImageReader.Chunks chunks = r.chunks(0, 2)) {
            assertThat(values(r, chunks)).isEqualTo(expected.subList(2 * 2 * chunksPerRange, 3 * 2 * chunksPerRange));
        }
        try (ImageReader.Chunks chunks = r.chunks(0, 3)) {
            chunks.skip(20);
            assertThat(values(r, chunks)).isEqualTo(expected.subList(2 * (3 * chunksPerRange + 20), 2 * 4 * chunksPerRange));
        }
    }

    /** A range that lacks its last chunk, or that the index leaves out, is refused. */
    @Test
    void everyRangeMustBeComplete() throws IOException {
        try (ImageWriter w = ImageWriter.create(dir.resolve("missing-range.obk"), HEADER)) {
            append(w, 0, 0, 0, true, List.<byte[][]>of(row(1, "a")));
            append(w, 1, 0, 0, true, List.<byte[][]>of());
            assertThatThrownBy(() -> w.finish(catalogue(), new int[] {2, 1}))
                    .isInstanceOf(MalformedImageException.class).hasMessageContaining("range 1 of table `db😀`.`t``1` has 0");
        }
    }

    @Test
    void everySingleFlippedByteIsDetected() throws IOException {
        for (Compression compression : new Compression[] {Compression.NONE, Compression.ZSTD}) {
            Path image = writeImage("flip-" + compression, compression);
            byte[] good = Files.readAllBytes(image);
            Path bad = dir.resolve("bad.obk");
            for (int i = 0; i < good.length; i++) {
                byte[] b = good.clone();
                b[i] ^= 0x40;
                Files.write(bad, b);
                int at = i;
                assertThatThrownBy(() -> ImageReader.open(bad).verify())
                        .as("flip at byte %d of %d, %s", at, good.length, compression)
                        .isInstanceOf(OnlineBackupException.class);
            }
        }
    }

    @Test
    void flippedPayloadByteNamesTableAndChunkOffset() throws IOException {
        Path image = writeImage("chunk");
        ImageReader r = ImageReader.open(image);
        long second = r.index().of(0).get(1).offset();
        byte[] b = Files.readAllBytes(image);
        b[(int) second + 5 + ImageFormat.CHUNK_HEAD_SIZE] ^= 1;
        Files.write(image, b);
        for (Runnable read : List.<Runnable>of(() -> ImageReader.open(image).verify(), () -> {
            try (ImageReader.Chunks chunks = ImageReader.open(image).chunks(0)) {
                values(ImageReader.open(image), chunks);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            assertThatThrownBy(read::run)
                    .isInstanceOf(OnlineBackupException.class)
                    .hasMessageStartingWith(Message.IMAGE_CHUNK_CORRUPT.id())
                    .hasMessageContaining("`db😀`.`t``1`")
                    .hasMessageContaining("data chunk 1 ")
                    .hasMessageContaining("byte offset " + second);
        }
    }

    @Test
    void everyTruncationIsReportedAsTruncatedOrNotAnImage() throws IOException {
        Path image = writeImage("cut");
        byte[] good = Files.readAllBytes(image);
        Path cut = dir.resolve("cut-short.obk");
        for (int n = 0; n < good.length; n++) {
            Files.write(cut, Arrays.copyOf(good, n));
            int len = n;
            assertThatThrownBy(() -> ImageReader.open(cut).verify())
                    .as("cut to %d bytes", len)
                    .isInstanceOfSatisfying(OnlineBackupException.class, e -> assertThat(e.messageId())
                            .isIn(Message.IMAGE_TRUNCATED, Message.NOT_AN_IMAGE));
        }
    }

    @Test
    void otherFilesAreNotImages() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "CREATE TABLE t (a int);\n");
        assertThatThrownBy(() -> ImageReader.open(text)).hasMessageStartingWith(Message.NOT_AN_IMAGE.id());
        assertThatThrownBy(() -> ImageReader.open(dir.resolve("absent.obk"))).hasMessageStartingWith(Message.IMAGE_MISSING.id());
        assertThatThrownBy(() -> ImageReader.open(dir)).hasMessageStartingWith(Message.IMAGE_UNREADABLE.id());
    }

    @Test
    void anotherFormatVersionIsRefusedByName() throws IOException {
        for (int version : new int[] {ImageFormat.VERSION - 1, ImageFormat.VERSION + 1}) {
            Path image = writeImage("version" + version);
            byte[] b = Files.readAllBytes(image);
            b[9] = (byte) version;
            Files.write(image, b);
            assertThatThrownBy(() -> ImageReader.open(image))
                    .hasMessageStartingWith(Message.IMAGE_VERSION.id()).hasMessageContaining("version " + version);
        }
    }

    @Test
    void theWriterChecksTheChunkRules() throws IOException {
        try (ImageWriter w = ImageWriter.create(dir.resolve("gap.obk"), HEADER)) {
            append(w, 0, 0, 0, false, List.<byte[][]>of(row(1, "a")));
            append(w, 0, 0, 2, true, List.<byte[][]>of());
            append(w, 1, 0, 0, true, List.<byte[][]>of());
            assertThatThrownBy(() -> w.finish(catalogue()))
                    .isInstanceOf(MalformedImageException.class).hasMessageContaining("expected 1");
        }
        try (ImageWriter w = ImageWriter.create(dir.resolve("unfinished.obk"), HEADER)) {
            append(w, 0, 0, 0, false, List.<byte[][]>of());
            append(w, 1, 0, 0, true, List.<byte[][]>of());
            assertThatThrownBy(() -> w.finish(catalogue())).hasMessageContaining("not its last one");
        }
    }

    @Test
    void theWriterNeverReplacesAFile() throws IOException {
        Path existing = dir.resolve("existing.obk");
        Files.writeString(existing, "keep me");
        assertThatThrownBy(() -> ImageWriter.create(existing, HEADER))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }
}
