package org.onlinebackup.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.repository.Repository;

/**
 * The history's progress rows, written together on an embedded repository: every row added by several threads is
 * there, in each thread's order, before the operation's next write is; and the background writer alone writes them
 * when nothing else comes.
 */
class RecorderTest {
    @TempDir
    Path dir;

    private Recorder recorder() {
        return Recorder.of(Repository.open(Repository.Location.parse(dir.resolve("repository.db").toString())));
    }

    private static long start(Recorder r) {
        return r.init(new Recorder.Start(1, 1L, "restore", "/x.obk", "restore", null, "u", "h", Instant.now()));
    }

    @Test
    void rowsAddedBySeveralThreadsAreAllWrittenInOrderBeforeTheNextWrite() throws Exception {
        Recorder r = recorder();
        long id = start(r);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> adding = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            adding.add(pool.submit(() -> {
                for (int i = 0; i < 250; i++) {
                    r.progress(id, "table t" + thread + "_" + i, Instant.now(), Instant.now(), 0L, 0L, 0, null);
                }
            }));
        }
        for (Future<?> f : adding) {
            f.get();
        }
        pool.shutdown();
        r.state(id, OperationState.COMPLETE);
        List<ProgressEntry> rows = r.progressOf(id);
        List<String> objects = rows.stream().map(ProgressEntry::object).filter(o -> o.startsWith("table ")).toList();
        assertThat(objects).hasSize(1000);
        for (int t = 0; t < 4; t++) {
            String prefix = "table t" + t + "_";
            List<String> mine = objects.stream().filter(o -> o.startsWith(prefix)).toList();
            assertThat(mine).as("thread " + t + "'s rows in its order")
                    .containsExactlyElementsOf(IntStream.range(0, 250).mapToObj(i -> prefix + i).toList());
        }
        assertThat(r.entry(id).state()).isEqualTo(OperationState.COMPLETE);
    }

    @Test
    void theBackgroundWriterWritesRowsWhenNothingElseComes() throws Exception {
        Recorder r = recorder();
        long id = start(r);
        r.progress(id, "table alone", Instant.now(), Instant.now(), 0L, 0L, 0, null);
        try (HistoryReader reader = HistoryReader.open(Repository.open(Repository.Location.parse(dir.resolve("repository.db").toString())))) {
            long until = System.nanoTime() + 30_000_000_000L;
            while (reader.progressOf(id).stream().noneMatch(p -> p.object().equals("table alone"))) {
                assertThat(System.nanoTime()).as("the row written by the background writer").isLessThan(until);
                Thread.sleep(20);
            }
        }
        long until = System.nanoTime() + 30_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("online-backup-history-writer"))) {
            assertThat(System.nanoTime()).as("the background writer ends once nothing is pending").isLessThan(until);
            Thread.sleep(20);
        }
        r.progress(id, "table after", Instant.now(), Instant.now(), 0L, 0L, 0, null);
        r.state(id, OperationState.COMPLETE);
        assertThat(r.progressOf(id)).extracting(ProgressEntry::object).contains("table alone", "table after");
    }
}
