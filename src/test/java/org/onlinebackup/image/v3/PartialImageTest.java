package org.onlinebackup.image.v3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.testing.TestImages;

/** What a restart reads of an image cut off while it was written: the header and the whole chunks before the cut. */
class PartialImageTest {
    @TempDir
    Path dir;

    private static byte[] chunk(int table, int range, int sequence, boolean last) {
        byte[] payload = {1, 'x'};
        return DataChunk.frame(table, range, sequence, last, 1, payload, payload.length);
    }

    /** A partial image as a killed backup leaves it: header and chunks, the last one cut {@code cut} bytes short. */
    private Path partial(int cut, byte[]... chunks) throws Exception {
        Path file = dir.resolve("p.obk.partial");
        try (ImageWriter w = ImageWriter.create(file, TestImages.HEADER)) {
            for (byte[] c : chunks) {
                w.appendRecord(c);
            }
        }
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - cut));
        return file;
    }

    @Test
    void theChunksBeforeACutAreReadAndTheCutOneIsNot() throws Exception {
        Path file = partial(3, chunk(0, 0, 0, false), chunk(1, 0, 0, true), chunk(0, 0, 1, true), chunk(2, 0, 0, true));
        PartialImage p = PartialImage.scan(file);
        assertThat(p.header()).isEqualTo(TestImages.HEADER);
        assertThat(p.chunks()).extracting(c -> c.head().table()).containsExactly(0, 1, 0);
    }

    @Test
    void aRangeIsCompleteOnlyFromItsFirstChunkToTheOneMarkedLast() throws Exception {
        Path file = partial(0, chunk(0, 0, 0, false), chunk(0, 1, 0, true), chunk(1, 0, 0, true), chunk(0, 0, 1, true),
                chunk(2, 0, 0, false), chunk(3, 0, 1, true), chunk(4, 0, 0, true), chunk(4, 1, 0, false));
        Map<Integer, Map<Integer, List<PartialImage.Chunk>>> complete = PartialImage.scan(file).completeRanges();
        assertThat(complete).as("table 2 lacks its last chunk, 3 its first; 4's second range is cut").containsOnlyKeys(0, 1, 4);
        assertThat(complete.get(0)).containsOnlyKeys(0, 1);
        assertThat(complete.get(0).get(0)).extracting(c -> c.head().sequence()).containsExactly(0, 1);
        assertThat(complete.get(4)).containsOnlyKeys(0);
    }

    @Test
    void copiedChunksAreTheSameBytes() throws Exception {
        Path file = partial(0, chunk(0, 0, 0, true), chunk(1, 0, 0, true));
        PartialImage p = PartialImage.scan(file);
        Path copy = dir.resolve("copy");
        try (ImageWriter w = ImageWriter.create(copy, TestImages.HEADER)) {
            p.copy(p.chunks(), w);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void aFileWithoutAWholeHeaderIsRefused() throws Exception {
        Path file = dir.resolve("short");
        Files.write(file, new byte[] {'O', 'B', 'K'});
        assertThatThrownBy(() -> PartialImage.scan(file)).isInstanceOf(MalformedImageException.class);
    }
}
