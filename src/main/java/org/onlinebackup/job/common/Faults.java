package org.onlinebackup.job.common;

import java.util.Properties;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Fault injection for tests (WL#3324's spirit): the job parameter {@value JobParams#FAULT}, off by default, names
 * one point where the operation fails with {@code OBK-9002}, so that the order of an error and what follows it (a
 * stop, other partitions, the cleanup) can be tested. The points:
 * <ul>
 * <li>{@code step:NAME} as the step starts ({@code init}, {@code prepare}, {@code validity-point}, {@code data},
 *     {@code finish});
 * <li>{@code driver:NAME} as that driver's session locks at the validity point;
 * <li>{@code table:DB.TABLE} as a backup starts reading, or a restore starts loading, that table (its names in the
 *     source, unquoted);
 * <li>{@code chunk:DB.TABLE:N} at the table's chunk N (from 0; of each key range, in a backup).
 * </ul>
 */
public final class Faults {
    private final String point;

    private Faults(String point) {
        this.point = point;
    }

    /** Arms the operation's fault from its job parameters (no parameter: nothing fails). */
    static void arm(Operation op, Properties p) {
        String point = p.getProperty(JobParams.FAULT);
        op.part(Faults.class, () -> new Faults(point == null ? "" : point.trim()));
    }

    /** Whether a fault is armed at all: the points of hot paths are not even named otherwise. */
    public static boolean armed(Operation op) {
        Faults f = op.part(Faults.class);
        return f != null && !f.point.isEmpty();
    }

    /** Fails with OBK-9002 if {@code point} is the one the job parameter names. */
    public static void at(Operation op, String point) {
        if (armed(op) && op.part(Faults.class).point.equals(point)) {
            throw new OnlineBackupException(Message.INJECTED_FAULT, point);
        }
    }
}
