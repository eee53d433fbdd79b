package org.onlinebackup.schedule;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens and closes batch windows. Each {@link #tick} fires the windows whose opening has come and closes those
 * whose time is up. A firing is claimed in {@link Firings} first, so that of several schedulers on one repository
 * (WildFly nodes, {@code online-backup schedule} daemons) exactly one runs it; the claim names the node, and the
 * job's comment says which schedule, window and node it ran for (the history keeps it).
 * <p>
 * The policy when a window closes on a running job: it is stopped, at its next checkpoint. When the schedule's next
 * window opens on the same node, a restore stopped (or failed) in the window before is restarted: it takes up what
 * it had loaded. So is a backup: its restart keeps what the binary log proves unchanged and takes a new validity
 * point, writing the image the first window named. A window missed while no scheduler ran is not made up for.
 */
public final class Scheduler {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private static final Set<String> RUNNING = Set.of("STARTING", "STARTED", "STOPPING");
    private static final Set<String> TAKE_UP = Set.of("STOPPED", "FAILED");

    /** Starts, restarts, stops and reads jobs: a JobOperator's. */
    public interface Launcher {
        long start(String job, Properties parameters);

        long restart(long execution, Properties parameters);

        void stop(long execution);

        /** The batch status's name, or null for an execution this launcher does not know. */
        String status(long execution);

        /** The parameters {@code execution} ran with. */
        Properties parameters(long execution);
    }

    /** The claims of firings, shared by every scheduler on one repository. */
    public interface Firings {
        /** Whether this node won the firing of {@code schedule} at {@code opening}; false if another has it. */
        boolean claim(String schedule, LocalDateTime opening, String node);

        /** The execution this node started for that firing. */
        void executed(String schedule, LocalDateTime opening, long execution);

        /** The execution of the latest firing of {@code schedule} before {@code opening} that {@code node} ran, or null. */
        Long previous(String schedule, LocalDateTime opening, String node);
    }

    private record Window(Schedule schedule, LocalDateTime opening, LocalDateTime closing, long execution) {
    }

    private final Supplier<List<Schedule>> schedules;
    private final Launcher launcher;
    private final Firings firings;
    private final String node;
    private final Map<String, LocalDateTime> next = new HashMap<>();
    private final List<Window> open = new ArrayList<>();

    public Scheduler(Supplier<List<Schedule>> schedules, Launcher launcher, Firings firings, String node) {
        this.schedules = schedules;
        this.launcher = launcher;
        this.firings = firings;
        this.node = node;
    }

    /** Fires what is due at {@code now}, then closes the windows that end by then. */
    public synchronized void tick(LocalDateTime now) {
        for (Schedule s : schedules.get()) {
            LocalDateTime due = next.computeIfAbsent(s.name() + " " + s.cron(), k -> s.cron().next(now));
            if (due != null && !now.isBefore(due)) {
                next.put(s.name() + " " + s.cron(), s.cron().next(now));
                try {
                    fire(s, due);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "schedule [" + s.name() + "]: the window of " + due + " could not start its job: " + e.getMessage(), e);
                }
            }
        }
        for (Iterator<Window> it = open.iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (now.isBefore(w.closing())) {
                continue;
            }
            it.remove();
            String status = launcher.status(w.execution());
            if (status != null && RUNNING.contains(status)) {
                LOG.info("schedule [" + w.schedule().name() + "]: the window of " + w.opening() + " closes: stopping job execution "
                        + w.execution() + " at its checkpoint");
                launcher.stop(w.execution());
            }
        }
    }

    private void fire(Schedule s, LocalDateTime opening) {
        if (!firings.claim(s.name(), opening, node)) {
            LOG.info("schedule [" + s.name() + "]: the window of " + opening + " is run by another node");
            return;
        }
        Properties p = s.parametersAt(opening);
        p.setProperty("comment", "schedule " + s.name() + ", window of " + opening + ", node " + node);
        Long earlier = firings.previous(s.name(), opening, node);
        String earlierStatus = earlier == null ? null : launcher.status(earlier);
        long execution;
        if (earlierStatus != null && TAKE_UP.contains(earlierStatus)) {
            // the job's own parameters, the image of the window it started in among them: a backup's restart finds its
            // partial image by that name
            Properties again = launcher.parameters(earlier);
            again.setProperty("comment", p.getProperty("comment") + ", taking up job execution " + earlier);
            execution = launcher.restart(earlier, again);
            LOG.info("schedule [" + s.name() + "]: the window of " + opening + " takes up job execution " + earlier + " ("
                    + earlierStatus + "): job execution " + execution);
        } else {
            execution = launcher.start(s.jobName(), p);
            LOG.info("schedule [" + s.name() + "]: the window of " + opening + " starts " + s.job() + ": job execution " + execution);
        }
        firings.executed(s.name(), opening, execution);
        open.add(new Window(s, opening, opening.plus(s.window()), execution));
    }

    /**
     * Stops every job of an open window, as when the windows close, for a scheduler that is shutting down; waits
     * until they have ended, {@code grace} at most, so that each leaves its history and repository as a stop does.
     */
    public synchronized void stopAll(Duration grace) {
        List<Long> stopping = new ArrayList<>();
        for (Window w : open) {
            String status = launcher.status(w.execution());
            if (status != null && RUNNING.contains(status)) {
                launcher.stop(w.execution());
                stopping.add(w.execution());
            }
        }
        open.clear();
        long end = System.nanoTime() + grace.toNanos();
        for (long e : stopping) {
            while (System.nanoTime() < end && RUNNING.contains(String.valueOf(launcher.status(e)))) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
