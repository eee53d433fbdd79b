package org.onlinebackup.job.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.server.StatementRunner;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.Operation;

/** Runs phases of a restore plan on the operation's control connection; a failure names the object. */
final class PlanRunner {
    private final Operation op;
    private final Catalogue catalogue;
    private final RestorePlan plan;
    private final StatementRunner runner;

    PlanRunner(Operation op, RestorePlan plan) {
        this.op = op;
        this.catalogue = op.catalogue();
        this.plan = plan;
        try {
            this.runner = new StatementRunner(op.control(), catalogue);
        } catch (SQLException e) {
            throw ServerConnections.classify(e, op.address(), "restore");
        }
    }

    void run(RestorePhase... phases) {
        for (RestorePhase phase : phases) {
            for (RestorePlan.Step step : plan.steps(phase)) {
                run(step);
            }
        }
    }

    /**
     * Runs the steps of {@code phase} on the control connection and up to {@code connections - 1} more at once, each
     * database's steps on one connection in the plan's order, every connection set up with {@code sessionSetup}.
     * Creating a table is mostly the server's own file and log work, which connections side by side overlap. A phase
     * whose steps may depend on another database's (a MERGE table over tables of another database) runs on the
     * control connection alone; a connection that cannot be opened leaves its share to the others. The first failure
     * stops the other connections before their next statement and is thrown, naming its object.
     */
    void runSpread(RestorePhase phase, int connections, String sessionSetup) {
        Map<Integer, List<RestorePlan.Step>> byDatabase = new LinkedHashMap<>();
        for (RestorePlan.Step step : plan.steps(phase)) {
            if (!(step.entry() instanceof SchemaObject o) || o instanceof TableEntry t && isMerge(t)) {
                run(phase);
                return;
            }
            byDatabase.computeIfAbsent(o.database(), k -> new ArrayList<>()).add(step);
        }
        int helpers = Math.min(connections, byDatabase.size()) - 1;
        if (helpers <= 0) {
            run(phase);
            return;
        }
        ConcurrentLinkedQueue<List<RestorePlan.Step>> work = new ConcurrentLinkedQueue<>(byDatabase.values());
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < helpers; i++) {
            Thread t = new Thread(() -> {
                Connection c = null;
                StatementRunner on;
                try {
                    c = ServerConnections.open(op.address());
                    try (Statement s = c.createStatement()) {
                        s.execute(sessionSetup);
                    }
                    on = new StatementRunner(c, catalogue);
                } catch (SQLException e) {
                    // one connection fewer (the account's connection limit, say): the others create its share
                    ServerConnections.closeQuietly(c);
                    return;
                }
                try (Connection open = c) {
                    drain(work, on, failed);
                } catch (SQLException e) {
                    // closing a connection the phase no longer needs
                } catch (RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }, "online-backup-create-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            drain(work, runner, failed);
        } catch (RuntimeException e) {
            failed.compareAndSet(null, e);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.compareAndSet(null, new OnlineBackupException(Message.INTERRUPTED));
            }
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private static boolean isMerge(TableEntry t) {
        String engine = t.engine() == null ? "" : t.engine().toUpperCase(Locale.ROOT);
        return engine.equals("MRG_MYISAM") || engine.equals("MERGE");
    }

    /** Runs databases' steps from {@code work} on {@code on} until none is left or one failed anywhere. */
    private void drain(ConcurrentLinkedQueue<List<RestorePlan.Step>> work, StatementRunner on,
                       AtomicReference<RuntimeException> failed) {
        for (List<RestorePlan.Step> steps = work.poll(); steps != null && failed.get() == null; steps = work.poll()) {
            for (RestorePlan.Step step : steps) {
                if (failed.get() != null) {
                    return;
                }
                run(step, on);
            }
        }
    }

    void run(RestorePlan.Step step) {
        run(step, runner);
    }

    private void run(RestorePlan.Step step, StatementRunner on) {
        try {
            List<String> notes = on.run(step);
            notes.forEach(op::warn);
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_OBJECT, catalogue.describe(step.entry()), e.getErrorCode(),
                    ServerConnections.serverMessage(e));
        }
    }

    RestorePlan plan() {
        return plan;
    }
}
