package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * An invariant under load: writer threads move amounts between accounts spread over several InnoDB tables, in
 * transactions, so the total never changes; a backup reading those tables on parallel snapshot connections runs
 * meanwhile. The restored total must equal it. Repeated {@code obk.invariant.repetitions} times (the {@code long}
 * Maven profile sets 20).
 */
class LoadInvariantIT extends DatabaseTestBase {
    private static final int TABLES = 6;
    private static final int ACCOUNTS = 2_000;
    private static final long BALANCE = 1_000;
    private static final long TOTAL = TABLES * ACCOUNTS * BALANCE;
    private static final int WRITERS = 4;

    private long total() throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int t = 0; t < TABLES; t++) {
            sql.append(t == 0 ? "" : " + ").append("(SELECT SUM(balance) FROM ").append(db).append(".acc").append(t).append(')');
        }
        return TestServer.queryLong(c, sql.toString());
    }

    private void create() throws SQLException {
        TestServer.execute(c, "CREATE DATABASE " + db, "USE " + db);
        for (int t = 0; t < TABLES; t++) {
            TestServer.execute(c, "CREATE TABLE acc" + t + " (id INT PRIMARY KEY, balance BIGINT NOT NULL, pad CHAR(100) NOT NULL DEFAULT '') ENGINE=InnoDB",
                    "INSERT INTO acc" + t + " (id, balance) SELECT seq, " + BALANCE + " FROM seq_1_to_" + ACCOUNTS);
        }
    }

    /** Moves random amounts between random accounts of random tables until told to stop; counts the transfers. */
    private CompletableFuture<Void> writer(AtomicBoolean stop, AtomicLong transfers) {
        return CompletableFuture.runAsync(() -> {
            try (Connection w = TestServer.connect()) {
                w.setAutoCommit(false);
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int from = rnd.nextInt(TABLES);
                    int to = rnd.nextInt(TABLES);
                    long amount = rnd.nextLong(1, 50);
                    try (PreparedStatement debit = w.prepareStatement("UPDATE " + db + ".acc" + from + " SET balance = balance - ? WHERE id = ?");
                         PreparedStatement credit = w.prepareStatement("UPDATE " + db + ".acc" + to + " SET balance = balance + ? WHERE id = ?")) {
                        debit.setLong(1, amount);
                        debit.setInt(2, rnd.nextInt(1, ACCOUNTS + 1));
                        debit.executeUpdate();
                        credit.setLong(1, amount);
                        credit.setInt(2, rnd.nextInt(1, ACCOUNTS + 1));
                        credit.executeUpdate();
                        w.commit();
                        transfers.incrementAndGet();
                    } catch (SQLException e) {
                        w.rollback();
                        if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
                            throw e;
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theRestoredTotalEqualsTheInvariantWhileWritersMoveAmountsDuringAParallelBackup() throws Exception {
        int repetitions = Integer.getInteger("obk.invariant.repetitions", 3);
        long[] duringBackups = new long[repetitions];
        for (int rep = 1; rep <= repetitions; rep++) {
            create();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                writers.add(writer(stop, transfers));
            }
            while (transfers.get() < 200) {
                Thread.sleep(5);
            }
            Path image = dir.resolve("load-" + rep + ".obk");
            long before = transfers.get();
            Cli.Result r = Cli.onServer("backup", "--parallel", "4", "--databases", db, "--to", image.toString());
            long during = transfers.get() - before;
            stop.set(true);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(during).as("transfers committed while the backup ran, repetition " + rep).isPositive();
            assertThat(total()).as("the server's own total").isEqualTo(TOTAL);

            TestServer.drop(c, db);
            Cli.Result restore = Cli.onServer("restore", "--from", image.toString());
            assertThat(restore.code()).as(restore.toString()).isZero();
            assertThat(total()).as("restored total, repetition " + rep + " (" + during + " transfers during the backup)")
                    .isEqualTo(TOTAL);
            TestServer.drop(c, db);
            Files.delete(image);
            duringBackups[rep - 1] = during;
        }
        System.out.println("LoadInvariantIT: " + repetitions + " repetitions, transfers committed during each backup: "
                + Arrays.toString(duringBackups));
    }
}
