package org.onlinebackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.onlinebackup.testing.BinlogEvents.fde;
import static org.onlinebackup.testing.BinlogEvents.query;
import static org.onlinebackup.testing.BinlogEvents.rotate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.archive.ArchiveWriter;
import org.onlinebackup.archive.BinlogArchive;
import org.onlinebackup.archive.BinlogEvent;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.PublicKeyFile;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.testing.TestImages;
import org.onlinebackup.testing.TestKeys;

/** expire's rules, a test per rule, on images and archive segments made by hand. */
class RetentionTest {
    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

    private BackupRepo repo() {
        return BackupRepo.create(dir.resolve("repo"));
    }

    /** An image of {@code db} on {@code host}, its validity point {@code daysAgo} before NOW, at binlog {@code file:pos}. */
    private Path image(BackupRepo r, String host, String db, double daysAgo, String file, long pos) throws Exception {
        Instant vp = NOW.minus(Duration.ofMinutes((long) (daysAgo * 24 * 60)));
        Path p = r.newImage(vp);
        Header h = new Header(vp, "10.11", "utf8mb4", "utf8mb4_general_ci", vp, file, file == null ? -1 : pos, null, "test",
                host);
        return TestImages.write(p, h, catalogue(db));
    }

    private static Header header(String host, Instant vp) {
        return new Header(vp, "10.11", "utf8mb4", "utf8mb4_general_ci", vp, null, -1, null, "test", host);
    }

    private static Catalogue catalogue(String db) {
        return new Catalogue(List.of(new DatabaseEntry(db, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + db + "`")),
                List.of(), List.of());
    }

    private static List<String> removed(Retention.Plan plan) {
        return plan.removed().stream().map(d -> d.image().getFileName().toString()).toList();
    }

    @Test
    void keepFullKeepsTheNewestOfEachSeriesOfServerAndDatabases() throws Exception {
        BackupRepo r = repo();
        Path shop4 = image(r, "h1", "shop", 4, null, 0);
        Path crm4 = image(r, "h1", "crm", 4.1, null, 0);
        Path shop3 = image(r, "h1", "shop", 3, null, 0);
        image(r, "h1", "crm", 3.1, null, 0);
        image(r, "h1", "shop", 2, null, 0);
        image(r, "h1", "shop", 1, null, 0);
        image(r, "h2", "shop", 5, null, 0);
        Retention.Plan plan = Retention.plan(r, new Retention.Policy(2, null), NOW, ImageKeys.NONE);
        assertThat(removed(plan)).as("shop on h1 has 4 images, crm 2, shop on h2 1")
                .containsExactlyInAnyOrder(shop4.getFileName().toString(), shop3.getFileName().toString());
        assertThat(crm4).exists();
        assertThat(plan.images().stream().filter(Retention.Decision::keep).map(Retention.Decision::series).distinct())
                .containsExactlyInAnyOrder("h1: shop", "h1: crm", "h2: shop");
    }

    @Test
    void keepDaysKeepsWhatIsRecentAndAlwaysTheNewestOfASeries() throws Exception {
        BackupRepo r = repo();
        Path old = image(r, "h1", "shop", 10, null, 0);
        Path mid = image(r, "h1", "shop", 6, null, 0);
        Path recent = image(r, "h1", "shop", 1, null, 0);
        Path lone = image(r, "h1", "crm", 30, null, 0);
        Retention.Plan plan = Retention.plan(r, new Retention.Policy(null, 7), NOW, ImageKeys.NONE);
        assertThat(removed(plan)).containsExactly(old.getFileName().toString());
        assertThat(plan.images()).filteredOn(d -> d.image().equals(lone)).singleElement()
                .satisfies(d -> assertThat(d.why()).isEqualTo("the newest of its series"));
        assertThat(plan.images()).filteredOn(d -> d.image().equals(mid)).singleElement()
                .satisfies(d -> assertThat(d.why()).isEqualTo("within 7 day(s)"));

        Retention.Plan both = Retention.plan(r, new Retention.Policy(1, 7), NOW, ImageKeys.NONE);
        assertThat(removed(both)).containsExactly(old.getFileName().toString());
        Retention.Plan one = Retention.plan(r, new Retention.Policy(1, 0), NOW, ImageKeys.NONE);
        assertThat(removed(one)).containsExactlyInAnyOrder(old.getFileName().toString(), mid.getFileName().toString());
        assertThat(recent).exists();
        assertThatThrownBy(() -> new Retention.Policy(null, null)).hasMessageContaining("a number of images, the images of a"
                + " number of days, or both");
        assertThatThrownBy(() -> new Retention.Policy(0, null)).hasMessageContaining("must be 1 or more");
    }

    @Test
    void whatCannotBeJudgedIsLeftAloneAndPushesNothingOut() throws Exception {
        BackupRepo r = repo();
        SigningKey key = SigningKey.fromFile(TestKeys.privateKey());
        Instant vp1 = NOW.minus(Duration.ofDays(2));
        Instant vp2 = NOW.minus(Duration.ofDays(1));
        Path signedOld = TestImages.writeSigned(r.newImage(vp1), header("h", vp1), catalogue("shop"), key);
        Path signedNew = TestImages.writeSigned(r.newImage(vp2), header("h", vp2), catalogue("shop"), key);
        Path planted = image(r, "h", "shop", 0.5, null, 0);
        Path cut = Files.write(r.newImage(NOW.minus(Duration.ofHours(1))), new byte[] {'O', 'B', 'K'});
        ImageKeys trusted = new ImageKeys(null, PublicKeyFile.read(TestKeys.publicKey()), "test key");
        Retention.Plan plan = Retention.plan(r, new Retention.Policy(1, null), NOW, trusted);
        assertThat(removed(plan)).containsExactly(signedOld.getFileName().toString());
        assertThat(plan.leftAlone().stream().map(o -> o.image().getFileName().toString()))
                .containsExactlyInAnyOrder(planted.getFileName().toString(), cut.getFileName().toString());
        assertThat(plan.images()).filteredOn(Retention.Decision::keep).singleElement()
                .satisfies(d -> assertThat(d.image()).isEqualTo(signedNew));

        Retention.apply(plan);
        assertThat(signedOld).doesNotExist();
        assertThat(List.of(signedNew, planted, cut)).allSatisfy(p -> assertThat(p).exists());
    }

    @Test
    void theArchiveIsKeptFromTheOldestKeptImageOfItsServerAndItsLastSegmentAlways() throws Exception {
        BackupRepo r = repo();
        BinlogArchive a = BinlogArchive.of(r.dir().resolve("archive"), 7);
        ArchiveWriter w = new ArchiveWriter(a, new ArchiveWriter.Server(7, "h1", 3306, "10.11", 4), "b.000001", 4, 1,
                null);
        long[] ends = new long[6];
        for (int f = 1; f <= 5; f++) {
            String name = "b.00000" + f;
            w.event(rotate(0, name, 4, true));
            byte[] d = fde(4);
            w.event(d);
            byte[] q = query(BinlogEvent.nextPosition(d), "INSERT " + f);
            w.event(q);
            ends[f] = BinlogEvent.nextPosition(q);
            if (f < 5) {
                w.event(rotate(ends[f], "b.00000" + (f + 1), 4, false));
            }
        }
        w.stop();
        List<Path> segments = a.segments();
        assertThat(segments).hasSize(5);

        Path old = image(r, "h1", "shop", 10, "b.000002", ends[2] - 10);
        image(r, "h1", "shop", 5, "b.000003", ends[3]);
        image(r, "h1", "shop", 1, "b.000004", 4);
        image(r, "h2", "shop", 20, "x.000001", 4);

        Retention.Plan keepAll = Retention.plan(r, new Retention.Policy(3, null), NOW, ImageKeys.NONE);
        assertThat(keepAll.archive()).as("the oldest kept image is inside the second file: the first file goes")
                .singleElement().satisfies(c -> assertThat(c.segments()).containsExactly(segments.get(0)));

        Retention.Plan two = Retention.plan(r, new Retention.Policy(2, null), NOW, ImageKeys.NONE);
        assertThat(removed(two)).containsExactly(old.getFileName().toString());
        assertThat(two.archive()).as("the third file's segment ends with the rotate the image at its end needs")
                .singleElement().satisfies(c -> {
                    assertThat(c.segments()).containsExactly(segments.get(0), segments.get(1));
                    assertThat(c.before()).isEqualTo("b.000003:" + ends[3]);
                });

        Retention.Plan one = Retention.plan(r, new Retention.Policy(1, null), NOW, ImageKeys.NONE);
        assertThat(one.archive()).singleElement().satisfies(c -> assertThat(c.segments()).hasSize(3));

        Retention.apply(two);
        assertThat(a.segments()).containsExactly(segments.get(2), segments.get(3), segments.get(4));
        assertThat(a.coverage()).singleElement().satisfies(c -> assertThat(c.fromFile()).isEqualTo("b.000003"));
    }

    @Test
    void anArchiveWhoseServerHasNoKeptImageWithABinlogPositionIsKeptWhole() throws Exception {
        BackupRepo r = repo();
        BinlogArchive a = BinlogArchive.of(r.dir().resolve("archive"), 8);
        ArchiveWriter w = new ArchiveWriter(a, new ArchiveWriter.Server(8, "h1", 3306, "10.11", 4), "b.000001", 4, 1,
                null);
        w.event(rotate(0, "b.000001", 4, true));
        byte[] d = fde(4);
        w.event(d);
        w.event(rotate(BinlogEvent.nextPosition(d), "b.000002", 4, false));
        w.event(rotate(0, "b.000002", 4, true));
        w.event(fde(4));
        w.stop();
        image(r, "h1", "shop", 1, null, 0);
        image(r, "other", "shop", 1, "b.000002", 4);
        assertThat(Retention.plan(r, new Retention.Policy(1, null), NOW, ImageKeys.NONE).archive()).isEmpty();
    }
}
