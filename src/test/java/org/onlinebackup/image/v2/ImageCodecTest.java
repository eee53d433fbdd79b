package org.onlinebackup.image.v2;

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

    static byte[] chunk(int table, int seq, boolean last, List<byte[][]> rows) {
        ByteSink payload = new ByteSink(64);
        for (byte[][] r : rows) {
            for (byte[] v : r) {
                RowPayload.writeValue(payload, v);
            }
        }
        return DataChunk.frame(table, seq, last, rows.size(), payload.array(), payload.size());
    }

    /** An image of two tables: table 0 in three chunks (a NULL, an empty string, tabs), table 1 empty. */
    Path writeImage(String name) throws IOException {
        Path seg0 = dir.resolve(name + ".seg0");
        Path seg1 = dir.resolve(name + ".seg1");
        Files.write(seg0, concat(
                chunk(0, 0, false, List.<byte[][]>of(row(1, "a"), row(2, null))),
                chunk(0, 1, false, List.<byte[][]>of(row(3, ""))),
                chunk(0, 2, true, List.<byte[][]>of(row(4, "x\ty\n\\z\0"), row(5, "😀")))));
        Files.write(seg1, chunk(1, 0, true, List.<byte[][]>of()));
        Path image = dir.resolve(name + ".obk");
        try (ImageWriter w = ImageWriter.create(image, HEADER, catalogue())) {
            w.appendSegment(seg0);
            w.appendSegment(seg1);
            w.finish();
        }
        return image;
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void roundTripKeepsHeaderCatalogueSummaryAndValues() throws IOException {
        Path image = writeImage("rt");
        ImageReader r = ImageReader.open(image);
        r.verify();
        assertThat(r.header()).isEqualTo(HEADER);
        assertThat(r.catalogue()).isEqualTo(catalogue());
        Summary s = r.summary();
        assertThat(s.totalBytes()).isEqualTo(Files.size(image));
        assertThat(s.tables()).extracting(Summary.TableStats::rows).containsExactly(5L, 0L);
        assertThat(s.tables()).extracting(Summary.TableStats::chunks).containsExactly(3L, 1L);
        assertThat(s.headerBytes() + s.catalogueBytes() + s.dataBytes() + Summary.recordSize(2) + ImageFormat.TRAILER_SIZE)
                .isEqualTo(s.totalBytes());

        List<String> values = new ArrayList<>();
        try (ImageReader.Chunks chunks = r.chunks(r.dataStart())) {
            for (DataChunk c = chunks.next(); c != null; c = chunks.next()) {
                RowPayload.Cursor cur = new RowPayload.Cursor(c, chunks.lastOffset());
                for (int i = 0; i < c.rows() * 2; i++) {
                    cur.next();
                    values.add(cur.isNull() ? "NULL"
                            : new String(cur.buffer(), cur.valueOffset(), cur.valueLength(), StandardCharsets.UTF_8));
                }
                cur.expectEnd();
            }
        }
        assertThat(values).containsExactly("1", "a", "2", "NULL", "3", "", "4", "x\ty\n\\z\0", "5", "😀");
    }

    @Test
    void everySingleFlippedByteIsDetected() throws IOException {
        Path image = writeImage("flip");
        byte[] good = Files.readAllBytes(image);
        Path bad = dir.resolve("bad.obk");
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= 0x40;
            Files.write(bad, b);
            int at = i;
            assertThatThrownBy(() -> ImageReader.open(bad).verify())
                    .as("flip at byte %d of %d", at, good.length)
                    .isInstanceOf(OnlineBackupException.class);
        }
    }

    @Test
    void flippedPayloadByteNamesTableAndChunkOffset() throws IOException {
        Path image = writeImage("chunk");
        ImageReader r = ImageReader.open(image);
        long second;
        try (ImageReader.Chunks chunks = r.chunks(r.dataStart())) {
            chunks.next();
            chunks.next();
            second = chunks.lastOffset();
        }
        byte[] b = Files.readAllBytes(image);
        b[(int) second + 5 + ImageFormat.CHUNK_HEAD_SIZE] ^= 1;
        Files.write(image, b);
        assertThatThrownBy(() -> ImageReader.open(image).verify())
                .isInstanceOf(OnlineBackupException.class)
                .hasMessageStartingWith(Message.IMAGE_CHUNK_CORRUPT.id())
                .hasMessageContaining("`db😀`.`t``1`")
                .hasMessageContaining("data chunk 1 ")
                .hasMessageContaining("byte offset " + second);
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
        for (int version : new int[] {1, 3}) {
            Path image = writeImage("version" + version);
            byte[] b = Files.readAllBytes(image);
            b[9] = (byte) version;
            Files.write(image, b);
            assertThatThrownBy(() -> ImageReader.open(image))
                    .hasMessageStartingWith(Message.IMAGE_VERSION.id()).hasMessageContaining("version " + version);
        }
    }

    @Test
    void segmentsMustKeepTheChunkRules() throws IOException {
        Path gap = dir.resolve("gap.seg");
        Files.write(gap, concat(chunk(0, 0, false, List.<byte[][]>of(row(1, "a"))), chunk(0, 2, true, List.<byte[][]>of())));
        try (ImageWriter w = ImageWriter.create(dir.resolve("gap.obk"), HEADER, catalogue())) {
            assertThatThrownBy(() -> w.appendSegment(gap))
                    .isInstanceOf(MalformedImageException.class).hasMessageContaining("expected 1");
        }
        Path unfinished = dir.resolve("unfinished.seg");
        Files.write(unfinished, chunk(0, 0, false, List.<byte[][]>of()));
        try (ImageWriter w = ImageWriter.create(dir.resolve("unfinished.obk"), HEADER, catalogue())) {
            w.appendSegment(unfinished);
            assertThatThrownBy(w::finish).hasMessageContaining("not its last one");
        }
    }

    @Test
    void theWriterNeverReplacesAFile() throws IOException {
        Path existing = dir.resolve("existing.obk");
        Files.writeString(existing, "keep me");
        assertThatThrownBy(() -> ImageWriter.create(existing, HEADER, catalogue()))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }
}
