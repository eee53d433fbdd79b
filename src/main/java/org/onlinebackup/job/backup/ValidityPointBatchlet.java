package org.onlinebackup.job.backup;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.Version;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.driver.KeyRange;
import org.onlinebackup.driver.KeyRanges;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageCipher;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.ImageWriter;
import org.onlinebackup.catalogue.server.ServerCatalogueReader;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.BackupContext;
import org.onlinebackup.driver.BackupSession;
import org.onlinebackup.driver.Driver;
import org.onlinebackup.driver.DriverChain;
import org.onlinebackup.history.OperationState;
import org.onlinebackup.image.PrivateFiles;
import org.onlinebackup.job.common.DataPartition;
import org.onlinebackup.job.common.Faults;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.job.common.StopSignal;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.lock.Breakpoints;
import org.onlinebackup.lock.CommitBlocker;
import org.onlinebackup.lock.ValidityPoint;

/**
 * Step {@code validity-point}: brings every driver to the same moment, WL#4060's synchronization. The drivers'
 * sessions are created (init) and open their connections (prepare); then commits are blocked server-wide, every
 * session locks (the consistent-snapshot driver opens its N snapshots, the locking driver locks its tables), the
 * validity point is read, and commits are released: that window is logged in milliseconds. The sequences' state is
 * read then, so no restored sequence hands out a value the rows of the image may hold. Last, the data step's
 * partition plan is made (large tables cut into key ranges beforehand) and written to the work directory, and the
 * image is started there under its temporary name with its header: the data step appends its chunks to it.
 */
@Named
@Dependent
public class ValidityPointBatchlet extends OperationBatchlet {

    /**
     * The key ranges of the tables: tables larger than their share (an eighth of what each channel of their session
     * has to read, at least 64 MiB; or the split size the backup was given) are cut so that the channels end
     * together, and a restore can load them apart. Computed before the validity point; the first range has no lower
     * bound and the last no upper bound, so rows written meanwhile still fall in one.
     */
    private static Map<Integer, List<KeyRange>> keyRanges(Operation op, Catalogue catalogue, long splitBytes) throws SQLException {
        Map<Integer, List<KeyRange>> out = new HashMap<>();
        TableEstimates estimates = TableEstimates.of(op);
        for (int s = 0; s < op.sessions().size(); s++) {
            int channels = Math.max(1, op.sessions().get(s).channels().size());
            final int snapshot = s;
            List<TableEntry> tables = catalogue.tables().stream().filter(t -> t.snapshot() == snapshot).toList();
            long total = tables.stream().mapToLong(t -> estimates.bytes(t.number())).sum();
            long target = splitBytes > 0 ? splitBytes : Math.max(64L << 20, total / (channels * 8L));
            for (TableEntry t : tables) {
                List<KeyRange> r = KeyRanges.of(op.control(), catalogue, t, estimates.bytes(t.number()), target);
                if (r.size() > 1) {
                    out.put(t.number(), r);
                }
            }
        }
        return out;
    }

    @Override
    protected String run(Operation op) throws Exception {
        Properties p = jobContext.getProperties();
        Breakpoints bp = op.breakpoints();
        Catalogue catalogue = op.catalogue();
        bp.hit(Breakpoint.BACKUP_DATA);
        bp.hit(Breakpoint.DATA_INIT);
        List<Driver> drivers = catalogue.snapshots().stream()
                .map(s -> DriverChain.builtIn().byName(s.driver()).orElseThrow()).toList();
        for (int s = 0; s < drivers.size(); s++) {
            final int snapshot = s;
            List<TableEntry> tables = catalogue.tables().stream().filter(t -> t.snapshot() == snapshot).toList();
            op.sessions().add(drivers.get(s).backup(new BackupContext(op.address(), catalogue, tables, JobParams.parallel(p))));
        }
        bp.pause();
        bp.hit(Breakpoint.DATA_PREPARE);
        for (BackupSession session : op.sessions()) {
            session.prepare();
            bp.pause();
        }
        Map<Integer, List<KeyRange>> ranges = keyRanges(op, catalogue, JobParams.splitMiB(p) << 20);
        ValidityPoint vp;
        long blockedNanos;
        bp.hit(Breakpoint.DATA_LOCK);
        op.ensureLocksHeld("backup", BackupFinishBatchlet.NOT_PUBLISHED);
        op.report((r, id) -> r.state(id, OperationState.VALIDITY_POINT));
        try (CommitBlocker commits = new CommitBlocker(ServerConnections.open(op.address()))) {
            commits.block(JobParams.lockTimeout(p), StopSignal.of(op)::requested);
            for (int i = 0; i < op.sessions().size(); i++) {
                Faults.at(op, "driver:" + catalogue.snapshots().get(i).driver());
                op.sessions().get(i).lock();
            }
            vp = commits.validityPoint();
            blockedNanos = commits.release();
        }
        op.validityPoint(vp);
        op.catalogue(new ServerCatalogueReader(op.control()).sequenceStates(catalogue));
        op.report((r, id) -> {
            r.validityPointTime(id, vp.time());
            if (vp.gtidPosition() != null) {
                r.binlogInfo(id, vp.binlogFile(), vp.binlogFile() == null ? null : vp.binlogPosition(), vp.gtidPosition());
            }
            r.state(id, OperationState.RUNNING);
        });
        bp.hit(Breakpoint.DATA_UNLOCK);
        for (BackupSession session : op.sessions()) {
            session.unlock();
        }
        bp.hit(Breakpoint.BACKUP_CS_LOCKED);
        bp.pause();
        op.log().note(String.format(Locale.ROOT, "Validity point at %s%s; commits were blocked for %.1f ms",
                vp.time(), vp.binlogFile() == null ? "" : ", binlog " + vp.binlogFile() + ":" + vp.binlogPosition()
                        + ", GTID " + vp.gtidPosition(), blockedNanos / 1e6));
        EarlierChunks earlier = EarlierChunks.find(op, catalogue, vp, JobParams.SERVER_HISTORY_SCHEMA);
        Map<Integer, List<KeyRange>> imageRanges = earlier.ranges(ranges);
        int[] channels = op.sessions().stream().mapToInt(s -> s.channels().size()).toArray();
        List<DataPartition> plan = PartitionPlanner.plan(catalogue, channels,
                TableEstimates.of(op).bytes(), imageRanges, earlier::keeps);
        PrivateFiles.write(op.workspace().plan(), PartitionPlanner.describe(plan));
        op.partitions(plan);
        int[] perTable = PartitionPlanner.rangesPerTable(catalogue, plan);
        for (int t : earlier.tables()) {
            perTable[t] = imageRanges.get(t).size();
        }
        op.part(ImageRanges.class, () -> new ImageRanges(perTable));
        Map<Integer, List<KeyRange>> held = new TreeMap<>();
        for (int t = 0; t < perTable.length; t++) {
            if (perTable[t] > 0) {
                held.put(t, imageRanges.getOrDefault(t, List.of(KeyRange.WHOLE)));
            }
        }
        EarlierChunks.record(op.workspace(), catalogue, held);
        Operation.ServerInfo server = op.server();
        Header header = new Header(Instant.now(), server.version(), server.charset(), server.collation(), vp.time(),
                vp.binlogFile(), vp.binlogPosition(), vp.gtidPosition(), Version.tool(), server.host());
        ImageWriter image = ImageWriter.create(op.workspace().partialImage(), header, op.part(ImageCipher.class),
                JobParams.compression(p), op.part(SigningKey.class));
        op.part(ImageWriter.class, () -> image);
        earlier.copyInto(image, op, catalogue);
        return "COMPLETED";
    }
}
