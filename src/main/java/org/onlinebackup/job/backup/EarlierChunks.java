package org.onlinebackup.job.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.sql.SqlLexer;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.KeyRange;
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
 * left (set aside in the work directory) the chunks of each key range that the partial image holds whole (from its
 * first chunk to the one marked last), of each table that
 * <ol>
 * <li>has the same definition, read again now, as the earlier execution read, and the same number among the same
 *     tables (the chunks carry it);</li>
 * <li>provably did not change between the two validity points: the binary log between their positions holds no row
 *     event for it and nothing that could change any table ({@link BinlogChanges}).</li>
 * </ol>
 * Nothing of an encrypted image is kept: sealing new chunks under the earlier image's key would reuse the nonces of
 * the chunks they replace. The other ranges of a table that keeps some are read at the new validity point with the earlier bounds, so its ranges still
 * cover its key once; every other table is read again whole. A table that holds the same rows at both validity points
 * holds, at the new one, the rows the copied chunks hold: the image is consistent at the new validity point.
 */
final class EarlierChunks {
    private static final EarlierChunks NONE = new EarlierChunks(null, Map.of(), Map.of());

    private final PartialImage partial;
    /** By table, by range: the chunks kept. */
    private final Map<Integer, Map<Integer, List<PartialImage.Chunk>>> kept;
    /** The earlier key ranges of the tables of which ranges are kept. */
    private final Map<Integer, List<KeyRange>> ranges;

    private EarlierChunks(PartialImage partial, Map<Integer, Map<Integer, List<PartialImage.Chunk>>> kept,
            Map<Integer, List<KeyRange>> ranges) {
        this.partial = partial;
        this.kept = kept;
        this.ranges = ranges;
    }

    /**
     * Writes what a later restart needs to reuse the image this execution writes: the key ranges of every table it
     * holds (a line per range: table, index, then the quoted key column and the bounds, empty for none) and the
     * tables with their fingerprints.
     */
    static void record(Workspace ws, Catalogue catalogue, Map<Integer, List<KeyRange>> ranges) throws IOException {
        StringBuilder b = new StringBuilder();
        ranges.forEach((t, rs) -> rs.forEach(r -> b.append(t).append('\t').append(r.index()).append('\t')
                .append(r.column() == null ? "" : Identifiers.quote(r.column())).append('\t')
                .append(r.lower() == null ? "" : r.lower()).append('\t').append(r.upper() == null ? "" : r.upper()).append('\n')));
        PrivateFiles.write(ws.ranges(), b.toString());
        PrivateFiles.write(ws.tables(), String.join("\n", fingerprints(catalogue)));
    }

    private static Map<Integer, List<KeyRange>> readRanges(List<String> lines) {
        Map<Integer, List<KeyRange>> out = new TreeMap<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("a line of the ranges file has " + f.length + " fields");
            }
            String column = f[2].isEmpty() ? null : SqlLexer.tokenize(f[2], null).get(0).value();
            out.computeIfAbsent(Integer.parseInt(f[0]), k -> new ArrayList<>()).add(new KeyRange(Integer.parseInt(f[1]),
                    column, f[3].isEmpty() ? null : f[3], f[4].isEmpty() ? null : f[4]));
        }
        return out;
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
            Map<Integer, List<KeyRange>> earlierRanges = readRanges(Files.readAllLines(earlier.ranges()));
            BinlogChanges.Result changes = BinlogChanges.between(op.control(), old.binlogFile(), old.binlogPosition(),
                    vp.binlogFile(), vp.binlogPosition(), repositorySchema);
            if (changes.changed().isEmpty()) {
                return none(op, changes.unprovable());
            }
            Set<String> changed = changes.changed().get();
            Map<Integer, Map<Integer, List<PartialImage.Chunk>>> kept = new TreeMap<>();
            Map<Integer, List<KeyRange>> keptRanges = new TreeMap<>();
            List<String> readAgain = new ArrayList<>();
            Map<Integer, Map<Integer, List<PartialImage.Chunk>>> complete = partial.completeRanges();
            complete.forEach((t, byRange) -> {
                TableEntry table = catalogue.tables().get(t);
                String name = catalogue.databaseOf(table).name() + "." + table.name();
                if (!before.get(t).equals(now.get(t))) {
                    readAgain.add(name + " (its definition changed)");
                } else if (!earlierRanges.containsKey(t)) {
                    readAgain.add(name + " (no key ranges recorded)");
                } else if (changed.contains(name)) {
                    readAgain.add(name + " (changed in the binlog)");
                } else {
                    kept.put(t, byRange);
                    keptRanges.put(t, earlierRanges.get(t));
                }
            });
            if (!readAgain.isEmpty()) {
                op.log().note("Restart: read again, though the earlier execution read some of their key ranges whole: "
                        + String.join(", ", readAgain));
            }
            if (complete.isEmpty()) {
                op.log().note("Restart: the earlier execution's partial image holds " + partial.chunks().size()
                        + " whole chunk(s) and no key range whole");
            }
            long whole = kept.entrySet().stream().filter(e -> e.getValue().size() == keptRanges.get(e.getKey()).size()).count();
            op.log().note("Restart: of the tables unchanged since the earlier execution's validity point (binlog "
                    + old.binlogFile() + ":" + old.binlogPosition() + " to " + vp.binlogFile() + ":" + vp.binlogPosition()
                    + "), " + whole + " read whole are kept, and " + (kept.size() - whole) + " read in part keep the key"
                    + " ranges read; everything else is read again");
            return new EarlierChunks(partial, kept, keptRanges);
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

    /** The tables of which ranges are kept. */
    Set<Integer> tables() {
        return kept.keySet();
    }

    /** Whether range {@code range} of {@code table} is kept (not read again). */
    boolean keeps(int table, int range) {
        Map<Integer, List<PartialImage.Chunk>> byRange = kept.get(table);
        return byRange != null && byRange.containsKey(range);
    }

    /** The key ranges to plan with: for the tables of which ranges are kept, the earlier ones. */
    Map<Integer, List<KeyRange>> ranges(Map<Integer, List<KeyRange>> planned) {
        Map<Integer, List<KeyRange>> out = new HashMap<>(planned);
        out.putAll(ranges);
        return out;
    }

    /** Copies the kept chunks into the new image and tells the history and the watcher of each table. */
    void copyInto(ImageWriter image, Operation op, Catalogue catalogue) throws IOException {
        for (Map.Entry<Integer, Map<Integer, List<PartialImage.Chunk>>> e : kept.entrySet()) {
            List<PartialImage.Chunk> chunks = e.getValue().values().stream().flatMap(List::stream).toList();
            partial.copy(chunks, image);
            long rows = chunks.stream().mapToLong(c -> c.head().rows()).sum();
            long bytes = chunks.stream().mapToLong(c -> c.head().rawLength()).sum();
            String name = catalogue.qualifiedName(catalogue.tables().get(e.getKey()));
            int all = ranges.get(e.getKey()).size();
            boolean whole = e.getValue().size() == all;
            String note = (whole ? "kept from the interrupted execution: " : "kept " + e.getValue().size() + " of " + all
                    + " key ranges from the interrupted execution: ") + rows + " row(s)";
            Instant now = Instant.now();
            op.report((r, id) -> r.progress(id, "table " + name, now, now, bytes, bytes, 0, note));
            if (whole) {
                op.progress().tableDone(name, rows, bytes);
            }
        }
    }
}
