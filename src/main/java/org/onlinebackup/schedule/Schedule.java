package org.onlinebackup.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.onlinebackup.store.BackupRepo;

/**
 * A batch window: when it opens ({@code cron}), how long it stays open ({@code window}), the job it runs
 * ({@code backup}, {@code restore} or {@code archive}) and that job's parameters. A schedule file holds one per section, in the
 * syntax of the MariaDB option files:
 * <pre>
 * [nightly-shop]
 * cron      = 0 2 * * *          # minute hour day-of-month month day-of-week (a seconds field may come first)
 * window    = 2h                 # s, m or h; the job is stopped at its checkpoint when the window closes
 * job       = backup
 * databases = shop
 * image     = /backups/shop-{time}.obk     # {time}: the window's opening, yyyyMMdd-HHmmss
 * </pre>
 * Every key but {@code cron}, {@code window} and {@code job} is a job parameter, under its job parameter name;
 * {@code repo = DIR} instead of {@code image} writes each window's image into that backup repository. With
 * {@code job = archive} (and {@code repo}), each window archives the server's binary log until it closes; the next
 * window takes up where the archive ends.
 */
public record Schedule(String name, CronExpression cron, Duration window, String job, Map<String, String> parameters) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smh])");
    private static final String REPO = "repo";
    private static final String ARCHIVE = "archive";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public Schedule {
        parameters = Map.copyOf(parameters);
        if (!job.equals("backup") && !job.equals("restore") && !job.equals(ARCHIVE)) {
            throw new IllegalArgumentException("schedule " + name + ": job must be backup, restore or archive, not '" + job + "'");
        }
        if (job.equals(ARCHIVE) && !parameters.containsKey(REPO)) {
            throw new IllegalArgumentException("schedule " + name + ": job = archive needs repo, the backup repository to archive into");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("schedule " + name + ": the window must be longer than 0");
        }
        if (parameters.containsKey(REPO) && (job.equals("restore") || parameters.containsKey("image"))) {
            throw new IllegalArgumentException("schedule " + name + ": repo goes with job = backup (and no image: the repository"
                    + " names it) or job = archive");
        }
    }

    /**
     * The job parameters of the window that opens at {@code opening}: {@code {time}} replaced by it; with {@code repo},
     * the image that repository names for a backup starting now (the repository made if new).
     */
    public Properties parametersAt(LocalDateTime opening) {
        Properties p = new Properties();
        parameters.forEach((k, v) -> p.setProperty(k, v.replace("{time}", opening.format(TIME))));
        if (job.equals(ARCHIVE)) {
            return p;
        }
        String repo = (String) p.remove(REPO);
        if (repo != null) {
            p.setProperty("image", BackupRepo.create(Path.of(repo)).newImage(Instant.now()).toString());
        }
        return p;
    }

    /** The batch job a window starts: the job's own name ({@code archive} runs job {@code binlog-archive}). */
    public String jobName() {
        return job.equals(ARCHIVE) ? "binlog-archive" : job;
    }

    /** The schedules of {@code file}, in file order; an {@code IllegalArgumentException} names the section and key. */
    public static List<Schedule> read(Path file) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(name)) {
                    throw new IllegalArgumentException(file + ": schedule [" + name + "] is there twice");
                }
                current = new LinkedHashMap<>();
                sections.put(name, current);
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 0) {
                throw new IllegalArgumentException(file + ": '" + line + "' is not key = value inside a [schedule] section");
            }
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        List<Schedule> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> s : sections.entrySet()) {
            Map<String, String> keys = new LinkedHashMap<>(s.getValue());
            String cron = required(keys, "cron", s.getKey());
            String window = required(keys, "window", s.getKey());
            String job = required(keys, "job", s.getKey());
            try {
                out.add(new Schedule(s.getKey(), CronExpression.parse(cron), duration(window, s.getKey()), job, keys));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": schedule [" + s.getKey() + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String required(Map<String, String> keys, String key, String schedule) {
        String v = keys.remove(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("schedule [" + schedule + "] has no " + key);
        }
        return v;
    }

    private static Duration duration(String text, String schedule) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("window '" + text + "' is not a number followed by s, m or h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
