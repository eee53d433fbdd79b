package org.onlinebackup.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.onlinebackup.testing.BinlogEvents.event;
import static org.onlinebackup.testing.BinlogEvents.fde;
import static org.onlinebackup.testing.BinlogEvents.gtid;
import static org.onlinebackup.testing.BinlogEvents.gtidList;
import static org.onlinebackup.testing.BinlogEvents.query;
import static org.onlinebackup.testing.BinlogEvents.rotate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.testing.TestKeys;

/** Segments written and read back, cut anywhere, and the stream rules of {@link ArchiveWriter}, on made-up events. */
class SegmentTest {
    @TempDir
    Path dir;

    private static final ArchiveWriter.Server SERVER = new ArchiveWriter.Server(9, "db1", 3306, "10.11", 4);

    private List<Segment.Event> all(BinlogArchive a) throws Exception {
        List<Segment.Event> out = new ArrayList<>();
        for (Path p : a.segments()) {
            Segment.read(p, out::add);
        }
        return out;
    }

    @Test
    void aStreamBecomesSegmentsOfWhatStandsInTheFilesAndResumesWhereItEnds() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1, null);
        w.event(rotate(0, "bin.000001", 4, true));
        byte[] f1 = fde(4);
        w.event(f1);
        long p = BinlogEvent.nextPosition(f1);
        List<byte[]> kept = new ArrayList<>(List.of(f1));
        for (int i = 0; i < 3; i++) {
            byte[] q = query(p, "INSERT " + i);
            w.event(q);
            kept.add(q);
            p = BinlogEvent.nextPosition(q);
        }
        w.event(event(BinlogEvent.HEARTBEAT, 0, new byte[12], 0));
        byte[] r = rotate(p, "bin.000002", 4, false);
        w.event(r);
        kept.add(r);
        w.event(rotate(0, "bin.000002", 4, true));
        byte[] f2 = fde(4);
        w.event(f2);
        kept.add(f2);
        byte[] q2 = query(BinlogEvent.nextPosition(f2), "UPDATE");
        w.event(q2);
        kept.add(q2);
        w.stop();

        List<Segment.Event> read = all(a);
        assertThat(read).hasSize(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            assertThat(read.get(i).bytes()).isEqualTo(kept.get(i));
        }
        assertThat(read.get(5).file()).isEqualTo("bin.000002");
        assertThat(a.segments()).hasSize(2);
        assertThat(Segment.read(a.segments().get(0), null).end().how()).isEqualTo(Segment.Ending.ROTATED);
        BinlogArchive.Resume resume = a.resume(null);
        assertThat(resume).isEqualTo(new BinlogArchive.Resume("bin.000002", BinlogEvent.nextPosition(q2), 3, ""));

        ArchiveWriter again = new ArchiveWriter(a, SERVER, resume.file(), resume.position(), resume.nextSequence(), null);
        again.event(rotate(0, "bin.000002", resume.position(), true));
        again.event(fde(0));
        byte[] q3 = query(resume.position(), "DELETE");
        again.event(q3);
        again.stop();
        assertThat(Segment.read(a.segments().get(2), null).head().formatDescription()).as("the file's format description,"
                + " sent again, heads a segment that starts inside the file").hasSize(103);
        assertThat(all(a)).hasSize(kept.size() + 1);
    }

    @Test
    void anEventThatDoesNotFollowIsRefusedAndNothingIsWritten() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000003", 500, 1, null);
        w.event(rotate(0, "bin.000003", 500, true));
        w.event(fde(0));
        assertThatThrownBy(() -> w.event(query(900, "INSERT"))).hasMessageContaining("at bin.000003:900 where the archive ends at"
                + " bin.000003:500");
        assertThat(a.segments()).isEmpty();
        w.event(query(500, "INSERT"));
        byte[] far = query(2000, "INSERT");
        assertThatThrownBy(() -> w.event(far)).hasMessageContaining("does not follow the last archived one");
    }

    @Test
    void aSegmentCutAnywhereIsReadToItsLastWholeRecordAndEndedThereToTakeUp() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1, null);
        byte[] f = startAt(w, "bin.000001");
        long p = BinlogEvent.nextPosition(f);
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] q = query(p, "INSERT INTO t VALUES (" + i + ", '" + "x".repeat(i % 300) + "')");
            w.event(q);
            p = BinlogEvent.nextPosition(q);
            ends.add(p);
        }
        w.stop();
        Path seg = a.segments().get(0);
        byte[] whole = Files.readAllBytes(seg);
        Segment.Contents full = Segment.read(seg, null);
        assertThat(full.events()).isEqualTo(2001);
        Path cut = dir.resolve("cut.obkb");
        int headEnd = Segment.PREAMBLE + 9 + ByteBuffer.wrap(whole, Segment.PREAMBLE + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        Files.write(cut, Arrays.copyOf(whole, headEnd - 1));
        assertThatThrownBy(() -> Segment.read(cut, null)).hasMessageContaining("has no whole head record");
        for (int n = headEnd; n < whole.length; n += 97) {
            Files.write(cut, Arrays.copyOf(whole, n));
            Segment.Contents c = Segment.read(cut, null);
            assertThat(c.wholeBytes()).isLessThanOrEqualTo(n);
            assertThat(c.lastPosition() == 4 || c.lastPosition() == BinlogEvent.nextPosition(f) || ends.contains(c.lastPosition()))
                    .as("cut at " + n + ": ends on an event").isTrue();
        }
        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 1;
        Files.write(cut, flipped);
        assertThat(Segment.read(cut, null).end()).as("a record failing its CRC ends what is trusted").isNull();

        Files.write(seg, Arrays.copyOf(whole, whole.length * 2 / 3));
        Segment.Contents partial = Segment.read(seg, null);
        BinlogArchive.Resume r = a.resume(null);
        assertThat(r).isEqualTo(new BinlogArchive.Resume("bin.000001", partial.lastPosition(), 2, ""));
        Segment.Contents ended = Segment.read(seg, null);
        assertThat(ended.end()).isEqualTo(new Segment.End(partial.lastPosition(), Segment.Ending.STOPPED, null, ""));
        assertThat(ended.events()).isEqualTo(partial.events());
    }

    @Test
    void coverageIsOneRangeWhileEachSegmentFollowsAndNamesTheGapOtherwise() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1, null);
        byte[] f = startAt(w, "bin.000001");
        byte[] r = rotate(BinlogEvent.nextPosition(f), "bin.000002", 4, false);
        w.event(r);
        w.event(rotate(0, "bin.000002", 4, true));
        byte[] f2 = fde(4);
        w.event(f2);
        w.stop();
        assertThat(a.coverage()).containsExactly(new BinlogArchive.Range("bin.000001", 4, "bin.000002",
                BinlogEvent.nextPosition(f2), 2, 2, Set.of()));

        ArchiveWriter later = new ArchiveWriter(a, SERVER, "bin.000005", 4, 3, null);
        later.event(rotate(0, "bin.000005", 4, true));
        byte[] f5 = fde(4);
        later.event(f5);
        later.stop();
        assertThat(a.coverage()).hasSize(2);
        assertThat(a.coverage().get(1)).isEqualTo(new BinlogArchive.Range("bin.000005", 4, "bin.000005",
                BinlogEvent.nextPosition(f5), 1, 1, Set.of()));
        assertThat(BinlogArchive.all(dir.resolve("archive"))).hasSize(1);
    }

    @Test
    void aSegmentSealedAsItEndsIsCheckedAndAnAlterationWithItsCrcMadeRightIsRefused() throws Exception {
        SigningKey key = SigningKey.fromFile(TestKeys.privateKey());
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1, key);
        byte[] f = startAt(w, "bin.000001");
        long p = BinlogEvent.nextPosition(f);
        for (int i = 0; i < 50; i++) {
            byte[] q = query(p, "INSERT INTO t VALUES (" + i + ")");
            w.event(q);
            p = BinlogEvent.nextPosition(q);
        }
        w.stop();
        Path seg = a.segments().get(0);
        Segment.Contents c = Segment.read(seg, null);
        assertThat(c.sealed()).isTrue();
        assertThat(c.signer()).isEqualTo(key.publicKey());
        assertThat(Segment.span(seg).signer()).isEqualTo(key.publicKey());

        byte[] whole = Files.readAllBytes(seg);
        int headLen = ByteBuffer.wrap(whole, Segment.PREAMBLE + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int events = Segment.PREAMBLE + 9 + headLen;
        byte[] altered = whole.clone();
        altered[events + 5 + 30] ^= 1;
        int len = ByteBuffer.wrap(altered, events + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(altered, events, 5 + len);
        ByteBuffer.wrap(altered, events + 5 + len, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        Path forged = dir.resolve("forged.obkb");
        Files.write(forged, altered);
        assertThatThrownBy(() -> Segment.read(forged, null)).hasMessageContaining("has been altered since key "
                + key.fingerprint() + " sealed it");

        Files.write(seg, Arrays.copyOf(whole, whole.length / 2));
        assertThat(Segment.read(seg, null).sealed()).isFalse();
        a.resume(key);
        Segment.Contents resealed = Segment.read(seg, null);
        assertThat(resealed.sealed()).as("a cut segment is ended and sealed by the run that takes up").isTrue();
        assertThat(resealed.end().how()).isEqualTo(Segment.Ending.STOPPED);

        Segment.Contents ended = Segment.read(seg, null);
        Files.write(seg, Arrays.copyOf(Files.readAllBytes(seg), (int) ended.wholeBytes() - 40));
        assertThat(Segment.read(seg, null).sealed()).as("half a seal").isFalse();
        assertThat(Segment.read(seg, null).end()).isNotNull();
        a.resume(key);
        assertThat(Segment.read(seg, null).sealed()).as("a run killed between end and seal: sealed by the next").isTrue();

        BinlogArchive plain = BinlogArchive.of(dir.resolve("plain"), 9);
        ArchiveWriter u = new ArchiveWriter(plain, SERVER, "bin.000001", 4, 1, null);
        u.event(rotate(0, "bin.000001", 4, true));
        u.event(fde(4));
        u.stop();
        assertThat(Segment.read(plain.segments().get(0), null).sealed()).isFalse();
    }

    @Test
    void aLargeSegmentIsEndedAndTheNextTakesUpWhereItEnds() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1, null, "", 4096);
        byte[] f = startAt(w, "bin.000001");
        long p = BinlogEvent.nextPosition(f);
        for (int i = 0; i < 3000; i++) {
            byte[] q = query(p, "INSERT INTO t VALUES (" + i + ", '" + Integer.toHexString(i * 7919) + "')");
            w.event(q);
            p = BinlogEvent.nextPosition(q);
        }
        w.stop();
        long end = p;
        assertThat(a.segments().size()).isGreaterThan(3);
        assertThat(a.coverage()).singleElement().satisfies(r -> {
            assertThat(r.fromFile() + ":" + r.fromPosition()).isEqualTo("bin.000001:4");
            assertThat(r.toPosition()).isEqualTo(end);
        });
        assertThat(all(a)).hasSize(3001);
        assertThat(Segment.read(a.segments().get(1), null).head().formatDescription()).isEqualTo(f);
    }

    @Test
    void eachFilesGtidListMustBeTheStateTheArchiveHolds() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1, null);
        byte[] f = startAt(w, "bin.000001");
        long p = BinlogEvent.nextPosition(f);
        for (byte[] e : new byte[][] {gtidList(p), gtid(0, 0, 9, 1), query(0, "INSERT 1"), gtid(0, 0, 9, 2), query(0, "INSERT 2")}) {
            byte[] placed = place(e, p);
            w.event(placed);
            p = BinlogEvent.nextPosition(placed);
        }
        w.event(rotate(p, "bin.000002", 4, false));
        w.event(rotate(0, "bin.000002", 4, true));
        byte[] f2 = fde(4);
        w.event(f2);
        byte[] list2 = gtidList(BinlogEvent.nextPosition(f2), new long[] {0, 9, 2});
        w.event(list2);
        byte[] g3 = gtid(BinlogEvent.nextPosition(list2), 0, 9, 3);
        w.event(g3);
        w.stop();
        assertThat(w.gtidState()).isEqualTo("0-9-3");
        BinlogArchive.Resume r = a.resume(null);
        assertThat(r.gtidState()).isEqualTo("0-9-3");

        ArchiveWriter again = new ArchiveWriter(a, SERVER, r.file(), r.position(), r.nextSequence(), null, r.gtidState());
        again.event(rotate(0, r.file(), r.position(), true));
        again.event(fde(0));
        byte[] rot = rotate(r.position(), "bin.000003", 4, false);
        again.event(rot);
        again.event(rotate(0, "bin.000003", 4, true));
        byte[] f3 = fde(4);
        again.event(f3);
        byte[] skipped = gtidList(BinlogEvent.nextPosition(f3), new long[] {0, 9, 5});
        assertThatThrownBy(() -> again.event(skipped)).isInstanceOf(ArchiveWriter.Gap.class)
                .hasMessageContaining("the server's GTID state before bin.000003:" + BinlogEvent.nextPosition(f3) + " is [0-9-5],"
                        + " the archive's [0-9-3]");
        byte[] newDomain = gtidList(BinlogEvent.nextPosition(f3), new long[] {0, 9, 3}, new long[] {1, 4, 7});
        assertThatThrownBy(() -> again.event(newDomain)).isInstanceOf(ArchiveWriter.Gap.class).hasMessageContaining("[0-9-3,1-4-7]");
        byte[] failedOver = gtidList(BinlogEvent.nextPosition(f3), new long[] {0, 2, 1}, new long[] {0, 9, 3});
        again.event(failedOver);
        again.stop();
        assertThat(again.gtidState()).as("of a domain written by two servers, the highest sequence number is the last").isEqualTo("0-9-3");
    }

    @Test
    void aCutSegmentIsEndedWithTheGtidStateOfWhatItHolds() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1, null, "0-9-10");
        byte[] f = startAt(w, "bin.000001");
        byte[] rot = rotate(BinlogEvent.nextPosition(f), "bin.000002", 4, false);
        w.event(rot);
        w.event(rotate(0, "bin.000002", 4, true));
        byte[] f2 = fde(4);
        w.event(f2);
        long p = BinlogEvent.nextPosition(f2);
        for (int i = 11; i < 2000; i++) {
            byte[] g = gtid(p, 0, 9, i);
            w.event(g);
            byte[] q = query(BinlogEvent.nextPosition(g), "INSERT " + i + " " + "x".repeat(200));
            w.event(q);
            p = BinlogEvent.nextPosition(q);
        }
        Path second = a.segments().get(1);
        byte[] partial = Files.readAllBytes(second);
        Files.write(second, Arrays.copyOf(partial, partial.length - 7));
        Segment.Contents cut = Segment.read(second, null);
        BinlogArchive.Resume r = a.resume(null);
        assertThat(r.gtidState()).isEqualTo(cut.lastGtids().get(0L));
        assertThat(Segment.read(second, null).end().gtidState()).isEqualTo(r.gtidState());
    }

    /** {@code e}, made at position 0, placed at {@code position}: its next position set. */
    private static byte[] place(byte[] e, long position) {
        byte[] c = e.clone();
        ByteBuffer.wrap(c, 13, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (position + c.length));
        return c;
    }

    /**
     * Starts {@code w}'s stream at {@code file}:4 as a server does (a rotate made up for the stream, then the file's
     * format description); returns the description.
     */
    private static byte[] startAt(ArchiveWriter w, String file) throws Exception {
        w.event(rotate(0, file, 4, true));
        byte[] f = fde(4);
        w.event(f);
        return f;
    }
}
