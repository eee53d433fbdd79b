package org.onlinebackup.job.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.ServerException;

import org.onlinebackup.archive.ArchiveWriter;
import org.onlinebackup.archive.BinlogArchive;
import org.onlinebackup.archive.GtidState;
import org.onlinebackup.archive.server.RawEvents;
import org.onlinebackup.connect.BinlogClients;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.history.OperationState;
import org.onlinebackup.history.Recorder;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.PrivateFiles;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.repository.Repository;
import org.onlinebackup.store.BackupRepo;

/**
 * The one step of the binlog archive job: follows the server's binary log into the repository's archive until the
 * job is stopped. What a later run needs is on disk: the archive's last segment says where it ends
 * ({@link BinlogArchive#resume}), so a stop, a kill or a lost server is taken up by the next run, from the next
 * event, and no event is written twice. One run per server and repository: the archive directory's lock file.
 * A lost connection is tried again every second for {@code reconnectTimeout} seconds (a server restart), then the
 * run fails saying where the archive ends.
 */
@Named
@Dependent
public class BinlogArchiveBatchlet extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(BinlogArchiveBatchlet.class.getName());
    private static final int DEFAULT_RECONNECT_SECONDS = 60;
    /** The error the server gives when it cannot send from the position asked (a purged or unknown file). */
    private static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;
    /**
     * Server errors that trying again cannot mend: access denied (1044, 1045, 1698), a privilege missing (1142, 1227).
     * Any other (the server shutting down, 1053; the connection killed, 1927) is a lost connection, tried again.
     */
    private static final Set<Integer> REFUSALS = Set.of(1044, 1045, 1142, 1227, 1698);

    @Inject
    JobContext jobContext;

    private volatile boolean stopping;
    private volatile BinaryLogClient client;

    /** The object of the progress row in which a run says what it archived, as {@code show} prints it. */
    public static final String ARCHIVED = "archived";

    /** The run's history row (WL#4116, operation {@code binlog-archive}); null when the history could not be written. */
    private Recorder recorder;
    private long historyId;

    @Override
    public String process() throws Exception {
        try {
            String result = archive();
            if (recorder != null) {
                recorder.progress(historyId, ARCHIVED, null, Instant.now(), null, null, 0, result);
            }
            endHistory(OperationState.COMPLETE, 0, null);
            String line = result + (recorder == null ? "" : " [backup_id " + historyId + "]");
            jobContext.setExitStatus(line);
            return line;
        } catch (Exception | Error e) {
            // the job's one line, as the command line, the JobOperator, the history and the log show it
            String line = OnlineBackupException.describe(e, 500);
            endHistory(OperationState.ERROR, e instanceof OnlineBackupException o ? o.messageId().number() : 0,
                    OnlineBackupException.describe(e));
            jobContext.setExitStatus(line + (recorder == null ? "" : " [backup_id " + historyId + "]"));
            LOG.log(Level.WARNING, "binlog archive failed: " + OnlineBackupException.describe(e), e);
            throw e;
        }
    }

    /** Opens the run's history row, in the repository the job names; the archive goes on without it, with a warning. */
    private void startHistory(Properties p, ServerAddress address, BinlogArchive archive, ArchiveWriter writer) {
        try {
            Recorder r = Recorder.of(Repository.open(JobParams.repository(p)));
            long id = r.init(new Recorder.Start(jobContext.getExecutionId(), null, jobContext.getJobName(), archive.dir().toString(),
                    JobParams.command(jobContext.getJobName(), p), JobParams.comment(p), address.user(), address.where(),
                    Instant.now()));
            r.state(id, OperationState.RUNNING);
            r.binlogInfo(id, writer.file(), writer.position(), writer.gtidState().isEmpty() ? null : writer.gtidState());
            recorder = r;
            historyId = id;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "binlog archive: its history row could not be written: " + e.getMessage(), e);
        }
    }

    private void endHistory(OperationState state, int errorNum, String message) {
        if (recorder == null) {
            return;
        }
        try {
            if (message != null) {
                recorder.error(historyId, errorNum, message);
            }
            recorder.state(historyId, state);
            recorder.stopTime(historyId, Instant.now());
            recorder.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "binlog archive: its history row could not be ended: " + e.getMessage(), e);
        }
    }

    private String archive() throws Exception {
        Properties p = jobContext.getProperties();
        ServerAddress address = JobParams.address(p);
        String repoDir = p.getProperty(JobParams.REPO);
        if (repoDir == null || repoDir.isBlank()) {
            throw new OnlineBackupException(Message.MISSING_PARAMETER, "the backup repository to archive into: job parameter "
                    + JobParams.REPO);
        }
        int reconnect = p.getProperty(JobParams.RECONNECT_TIMEOUT, "").isBlank() ? DEFAULT_RECONNECT_SECONDS
                : Integer.parseInt(p.getProperty(JobParams.RECONNECT_TIMEOUT).trim());
        BackupRepo repo = BackupRepo.create(Path.of(repoDir));
        ArchiveWriter.Server server;
        List<String> files = new ArrayList<>();
        try (Connection c = ServerConnections.open(address); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@log_bin, @@server_id, @@hostname, @@port, VERSION(), @@binlog_checksum")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new OnlineBackupException(Message.ARCHIVE_BINLOG_OFF, address.where());
                }
                server = new ArchiveWriter.Server(rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        "NONE".equalsIgnoreCase(rs.getString(6)) ? 0 : 4);
            }
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw ServerConnections.classify(e, address, "reading the state of the binary log");
        }
        BinlogArchive archive = BinlogArchive.of(repo.dir().resolve("archive"), server.id());
        try (FileChannel lockFile = PrivateFiles.open(archive.dir().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new OnlineBackupException(Message.ARCHIVE_BUSY, archive.dir());
            }
            String sign = p.getProperty(JobParams.SIGN_KEY);
            SigningKey signer = sign == null || sign.isBlank() ? null : SigningKey.fromFile(Path.of(sign));
            ArchiveWriter writer = start(archive, server, files, p.getProperty(JobParams.FROM), repo, signer);
            startHistory(p, address, archive, writer);
            try {
                follow(address, writer, archive, reconnect);
            } finally {
                writer.stop();
            }
            String result = writer.describe();
            LOG.info(result);
            return result;
        }
    }

    /**
     * Where this run starts: where the archive ends, else {@code from}, else the validity point of the repository's
     * oldest image of this server (while the server still has its file), else the server's oldest binlog.
     */
    private static ArchiveWriter start(BinlogArchive archive, ArchiveWriter.Server server, List<String> files, String from,
                                       BackupRepo repo, SigningKey signer) throws IOException {
        BinlogArchive.Resume r = archive.resume(signer);
        if (r != null) {
            return new ArchiveWriter(archive, server, r.file(), r.position(), r.nextSequence(), signer, r.gtidState());
        }
        if (from != null && !from.isBlank()) {
            int colon = from.lastIndexOf(':');
            return new ArchiveWriter(archive, server, from.substring(0, colon), Long.parseLong(from.substring(colon + 1)), 1,
                    signer);
        }
        if (files.isEmpty()) {
            throw new OnlineBackupException(Message.ARCHIVE_CONNECTION, server.host(), "the server lists no binary log file");
        }
        Header image = oldestImage(repo, server.host());
        if (image != null && files.contains(image.binlogFile())) {
            String state = image.gtidPosition() == null || image.gtidPosition().isBlank() ? GtidState.NONE : image.gtidPosition();
            return new ArchiveWriter(archive, server, image.binlogFile(), image.binlogPosition(), 1, signer, state);
        }
        if (image != null) {
            LOG.warning("binlog archive: the oldest image of " + server.host() + " starts at " + image.binlogFile() + ":"
                    + image.binlogPosition() + ", which the server no longer has; the archive starts at its oldest binlog, "
                    + files.get(0));
        }
        return new ArchiveWriter(archive, server, files.get(0), 4, 1, signer);
    }

    /** The header of the repository's image of server {@code host} with the earliest validity point and a binlog position. */
    private static Header oldestImage(BackupRepo repo, String host) {
        Header oldest = null;
        for (Path image : repo.images()) {
            try {
                Header h = ImageReader.inspect(image, ImageKeys.NONE).header();
                if (host.equals(h.serverHost()) && h.binlogFile() != null
                        && (oldest == null || h.validityPoint().isBefore(oldest.validityPoint()))) {
                    oldest = h;
                }
            } catch (OnlineBackupException e) {
                LOG.fine("binlog archive: " + image + " is not read: " + e.getMessage());
            }
        }
        return oldest;
    }

    /** Reads the stream into {@code writer} until stopped; a lost connection is tried again for {@code reconnect} s. */
    private void follow(ServerAddress address, ArchiveWriter writer, BinlogArchive archive, int reconnect) throws Exception {
        long replicaId = ThreadLocalRandom.current().nextLong(0x40000000L, 0x7fffffffL);
        long lostSince = 0;
        Exception lost = null;
        while (!stopping) {
            RawEvents raw = new RawEvents(writer::event);
            BinaryLogClient c = BinlogClients.create(address, replicaId);
            c.setEventDeserializer(raw);
            c.setBinlogFilename(writer.file());
            c.setBinlogPosition(writer.position());
            AtomicReference<Exception> ended = new AtomicReference<>();
            c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
                @Override
                public void onConnect(BinaryLogClient client) {
                    if (stopping) {
                        disconnect(client);
                    }
                }

                @Override
                public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
                    ended.compareAndSet(null, ex);
                }
            });
            client = c;
            long before = writer.position();
            String beforeFile = writer.file();
            try {
                if (!stopping) {
                    c.connect();
                }
            } catch (IOException e) {
                ended.compareAndSet(null, e);
            } finally {
                client = null;
            }
            if (ended.get() instanceof ServerException e && !stopping) {
                if (e.getErrorCode() == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
                    throw new OnlineBackupException(e, Message.ARCHIVE_GAP, address.where(), writer.file() + ":" + writer.position(),
                            e.getMessage());
                }
                if (REFUSALS.contains(e.getErrorCode())) {
                    throw new OnlineBackupException(e, Message.ARCHIVE_CONNECTION, address.where(), "server error "
                            + e.getErrorCode() + ": " + e.getMessage());
                }
            }
            lost = ended.get();
            if (raw.failure() instanceof ArchiveWriter.Gap g) {
                throw new OnlineBackupException(g, Message.ARCHIVE_GAP, address.where(), writer.file() + ":" + writer.position(),
                        g.getMessage());
            }
            if (raw.failure() != null) {
                throw new OnlineBackupException(raw.failure(), Message.ARCHIVE_FAILED, address.where(),
                        writer.file() + ":" + writer.position(), raw.failure().getMessage());
            }
            if (stopping) {
                break;
            }
            boolean progressed = writer.position() != before || !writer.file().equals(beforeFile);
            if (progressed || lostSince == 0) {
                lostSince = System.nanoTime();
                LOG.warning("binlog archive: the connection to " + address.where() + " ended at " + writer.file() + ":"
                        + writer.position() + (lost == null ? "" : " (" + lost.getMessage() + ")") + "; connecting again");
            }
            if (System.nanoTime() - lostSince > reconnect * 1_000_000_000L) {
                throw new OnlineBackupException(lost, Message.ARCHIVE_LOST, address.where(), reconnect,
                        lost == null ? "the server ended the stream" : String.valueOf(lost.getMessage()),
                        writer.file() + ":" + writer.position());
            }
            for (int i = 0; i < 5 && !stopping; i++) {
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
        BinaryLogClient c = client;
        if (c != null) {
            disconnect(c);
        }
    }

    private static void disconnect(BinaryLogClient c) {
        try {
            c.disconnect();
        } catch (IOException e) {
            LOG.fine("binlog archive: disconnecting: " + e);
        }
    }
}
