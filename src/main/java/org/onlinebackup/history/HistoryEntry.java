package org.onlinebackup.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of {@code backup_history}: one backup or restore, created at its start and updated as it goes. */
@Entity
@Table(name = "backup_history")
public class HistoryEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "backup_id")
    private Long backupId;
    @Column(name = "job_execution_id")
    private long jobExecutionId;
    @Column(name = "connection_id")
    private Long connectionId;
    @Column(name = "binlog_pos")
    private Long binlogPos;
    @Column(name = "binlog_file")
    private String binlogFile;
    @Column(name = "gtid_pos")
    private String gtidPos;
    @Convert(converter = OperationStateConverter.class)
    @Column(name = "backup_state")
    private OperationState state;
    @Column(name = "operation")
    private String operation;
    @Column(name = "error_num")
    private int errorNum;
    @Column(name = "error_message")
    private String errorMessage;
    @Column(name = "num_objects")
    private Integer numObjects;
    @Column(name = "total_bytes")
    private Long totalBytes;
    @Column(name = "validity_point_time")
    private Instant validityPointTime;
    @Column(name = "start_time")
    private Instant startTime;
    @Column(name = "stop_time")
    private Instant stopTime;
    @Column(name = "host_or_server_name")
    private String hostOrServerName;
    @Column(name = "username")
    private String username;
    @Column(name = "backup_file")
    private String backupFile;
    @Column(name = "user_comment")
    private String userComment;
    @Column(name = "command")
    private String command;
    @Column(name = "engines")
    private String engines;

    /** The row at {@code rs}'s cursor, read with plain JDBC (the read-only commands start no Hibernate). */
    static HistoryEntry fromRow(ResultSet rs) throws SQLException {
        HistoryEntry e = new HistoryEntry();
        e.backupId = rs.getLong("backup_id");
        e.jobExecutionId = rs.getLong("job_execution_id");
        e.connectionId = nullableLong(rs, "connection_id");
        e.binlogPos = nullableLong(rs, "binlog_pos");
        e.binlogFile = rs.getString("binlog_file");
        e.gtidPos = rs.getString("gtid_pos");
        e.state = new OperationStateConverter().convertToEntityAttribute(rs.getString("backup_state"));
        e.operation = rs.getString("operation");
        e.errorNum = rs.getInt("error_num");
        e.errorMessage = rs.getString("error_message");
        e.numObjects = nullableInt(rs, "num_objects");
        e.totalBytes = nullableLong(rs, "total_bytes");
        e.validityPointTime = utc(rs, "validity_point_time");
        e.startTime = utc(rs, "start_time");
        e.stopTime = utc(rs, "stop_time");
        e.hostOrServerName = rs.getString("host_or_server_name");
        e.username = rs.getString("username");
        e.backupFile = rs.getString("backup_file");
        e.userComment = rs.getString("user_comment");
        e.command = rs.getString("command");
        e.engines = rs.getString("engines");
        return e;
    }

    /**
     * A time column holding UTC, as Hibernate writes it ({@code hibernate.jdbc.time_zone=UTC}): a DATETIME in
     * MariaDB, milliseconds since the epoch in SQLite.
     */
    static Instant utc(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column, Calendar.getInstance(TimeZone.getTimeZone("UTC")));
        return t == null ? null : t.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    public Long backupId() {
        return backupId;
    }

    public long jobExecutionId() {
        return jobExecutionId;
    }

    public Long connectionId() {
        return connectionId;
    }

    public Long binlogPos() {
        return binlogPos;
    }

    public String binlogFile() {
        return binlogFile;
    }

    public String gtidPos() {
        return gtidPos;
    }

    public OperationState state() {
        return state;
    }

    public String operation() {
        return operation;
    }

    public int errorNum() {
        return errorNum;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public Integer numObjects() {
        return numObjects;
    }

    public Long totalBytes() {
        return totalBytes;
    }

    public Instant validityPointTime() {
        return validityPointTime;
    }

    public Instant startTime() {
        return startTime;
    }

    public Instant stopTime() {
        return stopTime;
    }

    public String hostOrServerName() {
        return hostOrServerName;
    }

    public String username() {
        return username;
    }

    public String backupFile() {
        return backupFile;
    }

    public String userComment() {
        return userComment;
    }

    public String command() {
        return command;
    }

    public String engines() {
        return engines;
    }

    /** Makes this row, read elsewhere, a new one: the table gives it its own backup_id when persisted. */
    void newRow() {
        backupId = null;
    }

    void jobExecutionId(long id) {
        jobExecutionId = id;
    }

    void connectionId(Long id) {
        connectionId = id;
    }

    void binlog(String file, Long pos, String gtid) {
        binlogFile = file;
        binlogPos = pos;
        gtidPos = gtid;
    }

    void state(OperationState s) {
        state = s;
    }

    void operation(String op) {
        operation = op;
    }

    void error(int num, String message) {
        errorNum = num;
        errorMessage = message;
    }

    void numObjects(Integer n) {
        numObjects = n;
    }

    void totalBytes(Long n) {
        totalBytes = n;
    }

    void validityPointTime(Instant t) {
        validityPointTime = t;
    }

    void startTime(Instant t) {
        startTime = t;
    }

    void stopTime(Instant t) {
        stopTime = t;
    }

    void hostOrServerName(String h) {
        hostOrServerName = h;
    }

    void username(String u) {
        username = u;
    }

    void backupFile(String f) {
        backupFile = f;
    }

    void userComment(String c) {
        userComment = c;
    }

    void command(String c) {
        command = c;
    }

    void engines(String e) {
        engines = e;
    }
}
