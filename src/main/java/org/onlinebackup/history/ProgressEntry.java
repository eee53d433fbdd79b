package org.onlinebackup.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of {@code backup_progress}: a step of an operation, added and never updated. */
@Entity
@Table(name = "backup_progress")
public class ProgressEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;
    @Column(name = "backup_id")
    private long backupId;
    @Column(name = "object")
    private String object;
    @Column(name = "start_time")
    private Instant startTime;
    @Column(name = "stop_time")
    private Instant stopTime;
    @Column(name = "total_bytes")
    private Long totalBytes;
    @Column(name = "progress")
    private Long progress;
    @Column(name = "error_num")
    private int errorNum;
    @Column(name = "notes")
    private String notes;

    protected ProgressEntry() {
    }

    ProgressEntry(long backupId, String object, Instant start, Instant stop, Long totalBytes, Long progress,
                  int errorNum, String notes) {
        this.backupId = backupId;
        this.object = object;
        this.startTime = start;
        this.stopTime = stop;
        this.totalBytes = totalBytes;
        this.progress = progress;
        this.errorNum = errorNum;
        this.notes = notes;
    }

    /** The row at {@code rs}'s cursor, read with plain JDBC. */
    static ProgressEntry fromRow(ResultSet rs) throws SQLException {
        ProgressEntry e = new ProgressEntry(rs.getLong("backup_id"), rs.getString("object"), HistoryEntry.utc(rs, "start_time"),
                HistoryEntry.utc(rs, "stop_time"), HistoryEntry.nullableLong(rs, "total_bytes"), HistoryEntry.nullableLong(rs, "progress"),
                rs.getInt("error_num"), rs.getString("notes"));
        e.id = rs.getLong("id");
        return e;
    }

    public Long id() {
        return id;
    }

    public long backupId() {
        return backupId;
    }

    public String object() {
        return object;
    }

    public Instant startTime() {
        return startTime;
    }

    public Instant stopTime() {
        return stopTime;
    }

    public Long totalBytes() {
        return totalBytes;
    }

    public Long progress() {
        return progress;
    }

    public int errorNum() {
        return errorNum;
    }

    public String notes() {
        return notes;
    }
}
