package org.onlinebackup.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The schedules of a file ({@link Schedule#read}), read again when its modification time changes, so a scheduler
 * that runs for months takes edits without a restart. A file that no longer reads keeps the schedules read before,
 * with a warning; a file that is gone has none.
 */
public final class ScheduleFile implements Supplier<List<Schedule>> {
    private static final Logger LOG = Logger.getLogger(ScheduleFile.class.getName());

    private final Path file;
    private FileTime read;
    private List<Schedule> schedules = List.of();

    public ScheduleFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized List<Schedule> get() {
        FileTime t;
        try {
            t = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException e) {
            return schedules;
        }
        if (t == null) {
            schedules = List.of();
        } else if (!t.equals(read)) {
            try {
                schedules = Schedule.read(file);
                LOG.info("scheduled windows: read " + schedules.size() + " schedule(s) from " + file);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warning("scheduled windows: cannot read " + file + ", keeping the schedules read before: " + e.getMessage());
            }
        }
        read = t;
        return schedules;
    }
}
