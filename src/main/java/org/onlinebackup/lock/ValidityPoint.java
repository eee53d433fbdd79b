package org.onlinebackup.lock;

import java.io.Serializable;
import java.time.Instant;

/**
 * The moment the image is consistent with: its time, and the binlog file, position and GTID position at that moment
 * when the binlog is on (null and -1 otherwise).
 */
public record ValidityPoint(Instant time, String binlogFile, long binlogPosition, String gtidPosition)
        implements Serializable {
}
