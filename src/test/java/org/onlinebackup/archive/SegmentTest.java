package org.onlinebackup.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments written and read back, cut anywhere, and the stream rules of {@link ArchiveWriter}, on made-up events. */
class SegmentTest {
    @TempDir
    Path dir;

    private static final ArchiveWriter.Server SERVER = new ArchiveWriter.Server(9, "db1", 3306, "10.11", 4);

    /** An event of {@code type} at {@code position} with {@code body}, a 4-byte checksum and {@code flags}. */
    static byte[] event(int type, long position, byte[] body, int flags) {
        int len = BinlogEvent.HEADER_SIZE + body.length + 4;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1_700_000_000).put((byte) type).putInt(9).putInt(len).putInt(position == 0 ? 0 : (int) (position + len))
                .putShort((short) flags).put(body).putInt(0x12345678);
        return b.array();
    }

    static byte[] query(long position, String text) {
        return event(2, position, text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** A rotate event to {@code next} at {@code target}: in a file at {@code position}, or made up for the stream. */
    static byte[] rotate(long position, String next, long target, boolean artificial) {
        ByteBuffer b = ByteBuffer.allocate(8 + next.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(target).put(next.getBytes(StandardCharsets.US_ASCII));
        return event(BinlogEvent.ROTATE, artificial ? 0 : position, b.array(), artificial ? BinlogEvent.ARTIFICIAL : 0);
    }

    static byte[] fde(long position) {
        return event(BinlogEvent.FORMAT_DESCRIPTION, position, new byte[80], 1);
    }

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
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1);
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
        BinlogArchive.Resume resume = a.resume();
        assertThat(resume).isEqualTo(new BinlogArchive.Resume("bin.000002", BinlogEvent.nextPosition(q2), 3));

        ArchiveWriter again = new ArchiveWriter(a, SERVER, resume.file(), resume.position(), resume.nextSequence());
        again.event(rotate(0, "bin.000002", resume.position(), true));
        again.event(event(BinlogEvent.FORMAT_DESCRIPTION, 0, new byte[80], 0));
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
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000003", 500, 1);
        w.event(rotate(0, "bin.000003", 500, true));
        w.event(event(BinlogEvent.FORMAT_DESCRIPTION, 0, new byte[80], 0));
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
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1);
        w.event(rotate(0, "bin.000001", 4, true));
        byte[] f = fde(4);
        w.event(f);
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
        BinlogArchive.Resume r = a.resume();
        assertThat(r).isEqualTo(new BinlogArchive.Resume("bin.000001", partial.lastPosition(), 2));
        Segment.Contents ended = Segment.read(seg, null);
        assertThat(ended.end()).isEqualTo(new Segment.End(partial.lastPosition(), Segment.Ending.STOPPED, null));
        assertThat(ended.events()).isEqualTo(partial.events());
    }

    @Test
    void coverageIsOneRangeWhileEachSegmentFollowsAndNamesTheGapOtherwise() throws Exception {
        BinlogArchive a = BinlogArchive.of(dir.resolve("archive"), 9);
        ArchiveWriter w = new ArchiveWriter(a, SERVER, "bin.000001", 4, 1);
        w.event(rotate(0, "bin.000001", 4, true));
        byte[] f = fde(4);
        w.event(f);
        byte[] r = rotate(BinlogEvent.nextPosition(f), "bin.000002", 4, false);
        w.event(r);
        w.event(rotate(0, "bin.000002", 4, true));
        byte[] f2 = fde(4);
        w.event(f2);
        w.stop();
        assertThat(a.coverage()).containsExactly(new BinlogArchive.Range("bin.000001", 4, "bin.000002",
                BinlogEvent.nextPosition(f2), 2));

        ArchiveWriter later = new ArchiveWriter(a, SERVER, "bin.000005", 4, 3);
        later.event(rotate(0, "bin.000005", 4, true));
        byte[] f5 = fde(4);
        later.event(f5);
        later.stop();
        assertThat(a.coverage()).hasSize(2);
        assertThat(a.coverage().get(1)).isEqualTo(new BinlogArchive.Range("bin.000005", 4, "bin.000005",
                BinlogEvent.nextPosition(f5), 1));
        assertThat(BinlogArchive.all(dir.resolve("archive"))).hasSize(1);
    }
}
