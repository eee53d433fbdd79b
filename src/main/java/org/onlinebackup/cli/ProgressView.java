package org.onlinebackup.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.onlinebackup.feedback.ProgressListener;

/**
 * What the CLI shows while a job runs: a progress bar redrawn in place when standard output is a terminal, one JSON
 * object per line with {@code --json}, or nothing. Job threads call the {@link ProgressListener} methods; a ticker
 * thread of its own redraws the bar, or prints a {@code progress} line each second in JSON.
 */
final class ProgressView implements ProgressListener {
    enum Mode { BAR, JSON, NONE }

    private static final long BAR_TICK_MS = 200;
    private static final long JSON_TICK_MS = 1000;

    private final Mode mode;
    private final PrintStream out;
    /** Where a wait of the operation is told as it happens, or null (--quiet, --json). */
    private final PrintStream err;
    private final int width;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile String operation = "";
    private volatile String phase = "";
    private volatile long backupId = -1;
    private volatile Plan plan;
    private volatile long firstReadNanos;
    private volatile long finishNanos;
    private volatile boolean drawn;
    private Thread ticker;

    /** The data to move, as {@link ProgressListener#planned} gave it. */
    record Plan(int tables, long rows, long bytes, boolean estimated) {
    }

    /** A moment of the data phase: done so far, and the seconds from the first block read to now or to the finish phase. */
    record Sample(long rows, long bytes, double seconds, Plan plan) {
        /** Percent of the planned rows done; an estimate never reads 100 before the end. */
        Integer percent() {
            if (plan == null || plan.rows() <= 0) {
                return null;
            }
            long p = rows * 100 / plan.rows();
            return (int) Math.min(p, plan.estimated() || rows < plan.rows() ? 99 : 100);
        }

        double bytesPerSecond() {
            return seconds <= 0 ? 0 : bytes / seconds;
        }

        /** Seconds left at the rate so far, or null when that cannot be told yet. */
        Long secondsLeft() {
            if (plan == null || plan.rows() <= 0 || rows <= 0 || seconds <= 0) {
                return null;
            }
            return Math.max(0, Math.round((plan.rows() - rows) * seconds / rows));
        }
    }

    ProgressView(Mode mode, PrintStream out, int width) {
        this(mode, out, null, width);
    }

    ProgressView(Mode mode, PrintStream out, PrintStream err, int width) {
        this.mode = mode;
        this.out = out;
        this.err = err;
        this.width = width;
    }

    static ProgressView of(ReportOptions report, Main.Io io) {
        Mode m = report.json ? Mode.JSON : !report.quiet && io.terminalOut() ? Mode.BAR : Mode.NONE;
        return new ProgressView(m, io.out(), report.quiet || report.json ? null : io.err(), Terminal.width());
    }

    void start() {
        if (mode == Mode.NONE) {
            return;
        }
        ticker = new Thread(this::tick, "online-backup-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tick() {
        long last = -1;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(mode == Mode.BAR ? BAR_TICK_MS : JSON_TICK_MS);
                if (mode == Mode.BAR) {
                    draw();
                } else if (firstReadNanos != 0 && bytes.get() != last) {
                    last = bytes.get();
                    json(progressLine(sample()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops redrawing; the bar's line is cleared, and JSON gets a last {@code progress} line. */
    void stop() {
        if (ticker == null) {
            return;
        }
        ticker.interrupt();
        try {
            ticker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (mode == Mode.BAR && drawn) {
                out.print("\r\033[K");
                out.flush();
            } else if (mode == Mode.JSON && firstReadNanos != 0) {
                json(progressLine(sample()));
            }
        }
    }

    /** The last line with {@code --json}: how the job ended. */
    void result(boolean ok, String status, String message, long executionId) {
        if (mode == Mode.JSON) {
            json(new JsonLine("result").add("ok", ok).add("status", status).add("message", message)
                    .add("job_execution", executionId).add("backup_id", backupId < 0 ? null : backupId)
                    .add("log", ok || RunLog.file() == null ? null : RunLog.file().toString()));
        }
    }

    @Override
    public void started(String operation, long executionId, long backupId) {
        this.operation = operation;
        this.backupId = backupId;
        json(new JsonLine("started").add("operation", operation).add("job_execution", executionId)
                .add("backup_id", backupId < 0 ? null : backupId));
    }

    @Override
    public void phase(String name) {
        phase = name;
        if (name.equals("finish") && finishNanos == 0) {
            finishNanos = System.nanoTime();
        }
        json(new JsonLine("phase").add("phase", name));
    }

    @Override
    public void planned(int tables, long rows, long bytes, boolean estimated) {
        plan = new Plan(tables, rows, bytes, estimated);
        json(new JsonLine("planned").add("tables", tables).add("rows", rows).add("bytes", bytes).add("estimated", estimated));
    }

    @Override
    public void read(long r, long b) {
        if (firstReadNanos == 0) {
            firstReadNanos = System.nanoTime();
        }
        rows.addAndGet(r);
        bytes.addAndGet(b);
    }

    @Override
    public void tableDone(String table, long r, long b) {
        json(new JsonLine("table").add("table", table).add("rows", r).add("bytes", b));
    }

    @Override
    public void waiting(String what) {
        tell("waiting", what);
    }

    /** A line about what the command chose or passed over before the job starts (JSON type {@code note}). */
    void note(String what) {
        tell("note", what);
    }

    private void tell(String type, String what) {
        if (mode == Mode.JSON) {
            json(new JsonLine(type).add("message", what));
        } else if (err != null) {
            synchronized (this) {
                if (mode == Mode.BAR && drawn) {
                    out.print("\r\033[K");
                    out.flush();
                    drawn = false;
                }
                err.println("online-backup: " + what);
                err.flush();
            }
        }
    }

    @Override
    public void warning(String message) {
        json(new JsonLine("warning").add("message", message));
    }

    private Sample sample() {
        long t0 = firstReadNanos;
        long t1 = finishNanos == 0 ? System.nanoTime() : finishNanos;
        return new Sample(rows.get(), bytes.get(), t0 == 0 ? 0 : Math.max(0, t1 - t0) / 1e9, plan);
    }

    private static JsonLine progressLine(Sample s) {
        return new JsonLine("progress").add("rows", s.rows()).add("bytes", s.bytes())
                .add("seconds", Math.round(s.seconds() * 10) / 10.0).add("bytes_per_second", Math.round(s.bytesPerSecond()))
                .add("percent", s.percent()).add("seconds_left", s.secondsLeft());
    }

    private synchronized void json(JsonLine line) {
        if (mode == Mode.JSON) {
            out.println(line);
            out.flush();
        }
    }

    private synchronized void draw() {
        if (operation.isEmpty()) {
            return;
        }
        out.print("\r" + line(operation, phase, sample(), width) + "\033[K");
        out.flush();
        drawn = true;
    }

    /**
     * One frame of the bar, shorter than {@code width}: operation and phase, the bar and percent (when the rows to
     * move are known), rows done of planned (~ when estimated), bytes, rate and time left.
     */
    static String line(String operation, String phase, Sample s, int width) {
        StringBuilder tail = new StringBuilder(String.format(Locale.ROOT, " %,d", s.rows()));
        if (s.plan() != null) {
            tail.append(s.plan().estimated() ? "/~" : "/").append(String.format(Locale.ROOT, "%,d", s.plan().rows()));
        }
        tail.append(" rows ").append(size(s.bytes()));
        if (s.seconds() > 0) {
            tail.append(' ').append(size(Math.round(s.bytesPerSecond()))).append("/s");
        }
        Long left = s.secondsLeft();
        if (left != null) {
            tail.append(String.format(Locale.ROOT, " %d:%02d left", left / 60, left % 60));
        }
        String head = operation + " " + phase;
        Integer pct = s.percent();
        int cells = Math.min(30, width - 1 - head.length() - tail.length() - 8);
        StringBuilder b = new StringBuilder(head);
        if (pct != null && cells >= 5) {
            int full = pct * cells / 100;
            b.append(" [").append("#".repeat(full)).append("-".repeat(cells - full)).append(']');
        }
        if (pct != null) {
            b.append(String.format(Locale.ROOT, " %3d%%", pct));
        }
        b.append(tail);
        return b.length() < width ? b.toString() : b.substring(0, width - 1);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
