package org.onlinebackup.job.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.image.PrivateFiles;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageWriter;
import org.onlinebackup.image.v3.PartialImage;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Workspace;
import org.onlinebackup.lock.BinlogChanges;
import org.onlinebackup.lock.ValidityPoint;

/**
 * The rule of a backup restart. An interrupted backup's snapshot is gone, so a restart takes a validity point of its
 * own; its image has that one validity point. Into it, it copies from the partial image the interrupted execution
 * left (set aside in the work directory) the chunks of each table that
 * <ol>
 * <li>the partial image holds whole: every key range of the table, each to its chunk marked last;</li>
 * <li>has the same definition, read again now, as the earlier execution read, and the same number among the same
 *     tables (the chunks carry it);</li>
 * <li>provably did not change between the two validity points: the binary log between their positions holds no row
 *     event for it and nothing that could change any table ({@link BinlogChanges});</li>
 * <li>is not encrypted: sealing new chunks under the earlier image's key would reuse the nonces of the chunks it
 *     replaces, so an encrypted backup is read again whole.</li>
 * </ol>
 * Every other table is read again at the new validity point. Tables that hold the same rows at both validity points
 * hold, at the new one, the rows the copied chunks hold: the image is consistent at the new validity point.
 */
final class EarlierChunks {
    private final PartialImage partial;
    private final Map<Integer, List<PartialImage.Chunk>> tables;
    private final int[] ranges;

    private EarlierChunks(PartialImage partial, Map<Integer, List<PartialImage.Chunk>> tables, int[] ranges) {
        this.partial = partial;
        this.tables = tables;
        this.ranges = ranges;
    }

    private static final EarlierChunks NONE = new EarlierChunks(null, Map.of(), new int[0]);

    /** Writes what a later restart needs to reuse the image this execution writes: its ranges and tables. */
    static void record(Workspace ws, Catalogue catalogue, int[] ranges) throws IOException {
        PrivateFiles.write(ws.ranges(), String.join(" ", Arrays.stream(ranges).mapToObj(Integer::toString).toList()));
        PrivateFiles.write(ws.tables(), String.join("\n", fingerprints(catalogue)));
    }

    /** What this execution may reuse of the earlier one's image, by the rule; each reason not to is logged. */
    static EarlierChunks find(Operation op, Catalogue catalogue, ValidityPoint vp, String repositorySchema) {
        Workspace earlier = op.workspace().earlier();
        if (!Files.exists(earlier.partialImage())) {
            return NONE;
        }
        try {
            PartialImage partial = PartialImage.scan(earlier.partialImage());
            Header old = partial.header();
            if (old.encryption() != null) {
                return none(op, "the image is encrypted");
            }
            List<String> before = Files.readAllLines(earlier.tables());
            List<String> now = fingerprints(catalogue);
            if (!names(before).equals(names(now))) {
                return none(op, "tables were created, dropped or renamed in between");
            }
            int[] ranges = Arrays.stream(Files.readString(earlier.ranges()).trim().split(" ")).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            BinlogChanges.Result changes = BinlogChanges.between(op.control(), old.binlogFile(), old.binlogPosition(),
                    vp.binlogFile(), vp.binlogPosition(), repositorySchema);
            if (changes.changed().isEmpty()) {
                return none(op, changes.unprovable());
            }
            Set<String> changed = changes.changed().get();
            Map<Integer, List<PartialImage.Chunk>> whole = partial.wholeTables(ranges);
            Map<Integer, List<PartialImage.Chunk>> kept = new LinkedHashMap<>();
            whole.forEach((t, chunks) -> {
                TableEntry table = catalogue.tables().get(t);
                if (before.get(t).equals(now.get(t))
                        && !changed.contains(catalogue.databaseOf(table).name() + "." + table.name())) {
                    kept.put(t, chunks);
                }
            });
            op.log().note("Restart: " + kept.size() + " table(s) read whole by the earlier execution and unchanged since"
                    + " its validity point (binlog " + old.binlogFile() + ":" + old.binlogPosition() + " to " + vp.binlogFile()
                    + ":" + vp.binlogPosition() + ") are kept; " + (whole.size() - kept.size()) + " changed and "
                    + (catalogue.tables().size() - whole.size()) + " not read whole are read again");
            return new EarlierChunks(partial, kept, ranges);
        } catch (SQLException e) {
            return none(op, "the binary log cannot be read (" + ServerConnections.serverMessage(e) + ")");
        } catch (IOException | RuntimeException e) {
            return none(op, "its partial image cannot be read (" + e.getMessage() + ")");
        }
    }

    private static EarlierChunks none(Operation op, String why) {
        op.log().note("Restart: nothing of the earlier execution's image is kept, every table is read again: " + why);
        return NONE;
    }

    /** By table number: its database and name, and the SHA-256 of its whole catalogue entry (definition, columns). */
    private static List<String> fingerprints(Catalogue catalogue) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return catalogue.tables().stream().map(t -> catalogue.databaseOf(t).name() + "." + t.name() + "\t"
                    + HexFormat.of().formatHex(sha.digest(t.toString().getBytes(StandardCharsets.UTF_8)))).toList();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(List<String> fingerprints) {
        return fingerprints.stream().map(f -> f.substring(0, f.lastIndexOf('\t'))).toList();
    }

    /** The tables kept, by number. */
    Set<Integer> tables() {
        return tables.keySet();
    }

    /** How many key ranges {@code table} has in the earlier image. */
    int ranges(int table) {
        return ranges[table];
    }

    /** Copies the kept tables' chunks into the new image and tells the history and the watcher of each table. */
    void copyInto(ImageWriter image, Operation op, Catalogue catalogue) throws IOException {
        for (Map.Entry<Integer, List<PartialImage.Chunk>> e : tables.entrySet()) {
            partial.copy(e.getValue(), image);
            long rows = e.getValue().stream().mapToLong(c -> c.head().rows()).sum();
            long bytes = e.getValue().stream().mapToLong(c -> c.head().rawLength()).sum();
            String name = catalogue.qualifiedName(catalogue.tables().get(e.getKey()));
            String note = "kept from the interrupted execution: " + rows + " row(s)";
            Instant now = Instant.now();
            op.report((r, id) -> r.progress(id, "table " + name, now, now, bytes, bytes, 0, note));
            op.progress().tableDone(name, rows, bytes);
        }
    }
}
