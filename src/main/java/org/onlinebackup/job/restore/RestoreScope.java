package org.onlinebackup.job.restore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.server.ServerCatalogueReader;
import org.onlinebackup.catalogue.sql.DefinitionChecker;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.JobParams;

/**
 * Which databases of an image a restore creates, and under which names: all of them, or those of parameter
 * {@code databases}, each under its own name or the one {@code rename} gives it; and which of their objects, by the
 * {@link Selection} of the parameters (its patterns name databases as the image does, before any rename). No
 * database is restored under the name of a system schema or of the repository schema, whatever the image says, and
 * no two under one name.
 */
public final class RestoreScope {
    private RestoreScope() {
    }

    /** The image name of each database restored, mapped to the name it is restored under, in catalogue order. */
    static Map<String, String> targets(Catalogue catalogue, Properties p) {
        List<String> inImage = catalogue.databases().stream().map(DatabaseEntry::name).toList();
        List<String> chosen = JobParams.names(p, JobParams.DATABASES);
        List<String> unknown = chosen.stream().filter(n -> !inImage.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new OnlineBackupException(Message.RESTORE_UNKNOWN_DATABASE, Identifiers.quoteAll(unknown),
                    Identifiers.quoteAll(inImage));
        }
        Map<String, String> renames = JobParams.renames(p);
        Selection selection = JobParams.selection(p);
        List<String> candidates = inImage.stream().filter(db -> chosen.isEmpty() || chosen.contains(db)).toList();
        List<String[]> selected = selectedTables(catalogue, selection, candidates);
        List<String> unmatched = selection.unmatched(selected);
        if (!unmatched.isEmpty()) {
            throw new OnlineBackupException(Message.SELECTION_MATCHES_NOTHING, "--tables " + String.join(",", unmatched),
                    "in the image (it holds database(s) " + Identifiers.quoteAll(candidates) + ")");
        }
        Map<String, String> targets = new LinkedHashMap<>();
        for (String db : candidates) {
            if (selection.database(db) && (selection.wholeDatabases() || selected.stream().anyMatch(t -> t[0].equals(db)))) {
                targets.put(db, renames.getOrDefault(db, db));
            }
        }
        if (targets.isEmpty()) {
            throw new OnlineBackupException(Message.SELECTION_EMPTY, selection.describe(), Identifiers.quoteAll(candidates));
        }
        for (Map.Entry<String, String> r : renames.entrySet()) {
            if (!targets.containsKey(r.getKey())) {
                throw new OnlineBackupException(Message.RENAME_INVALID, Identifiers.quote(r.getKey()),
                        inImage.contains(r.getKey()) ? "it is not among the databases restored" : "the image holds no such database");
            }
            String bad = Identifiers.refusedName(r.getValue());
            if (bad != null) {
                throw new OnlineBackupException(Message.RENAME_INVALID, Identifiers.quote(r.getKey()),
                        "the new name " + Identifiers.quote(r.getValue()) + " is one the server refuses: " + bad);
            }
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> t : targets.entrySet()) {
            if (!seen.add(t.getValue())) {
                throw new OnlineBackupException(Message.RENAME_INVALID, Identifiers.quote(t.getKey()),
                        "another database is restored as " + Identifiers.quote(t.getValue()) + " too");
            }
        }
        Set<String> protectedNames = protectedNames(p);
        for (Map.Entry<String, String> t : targets.entrySet()) {
            for (String name : List.of(t.getKey(), t.getValue())) {
                if (protectedNames.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new OnlineBackupException(Message.PROTECTED_DATABASE, "cannot restore " + Identifiers.quote(name),
                            Identifiers.quote(JobParams.SERVER_HISTORY_SCHEMA));
                }
            }
        }
        return targets;
    }

    /** The tables, views and sequences of {@code databases} in the image that the selection selects, as {db, name}. */
    private static List<String[]> selectedTables(Catalogue catalogue, Selection selection, List<String> databases) {
        List<String[]> out = new ArrayList<>();
        catalogue.schemaObjects()
                .filter(o -> o.kind().inTableNamespace())
                .forEach(o -> {
                    String db = catalogue.databaseOf(o).name();
                    if (databases.contains(db) && selection.table(db, o.name())) {
                        out.add(new String[] {db, o.name()});
                    }
                });
        return out;
    }

    /** The system schemas and the schema of the history on the server, in lower case. */
    static Set<String> protectedNames(Properties p) {
        Set<String> out = new HashSet<>(ServerCatalogueReader.SYSTEM_DATABASES);
        out.add(JobParams.SERVER_HISTORY_SCHEMA);
        return out;
    }

    /**
     * Every statement the restore runs to create the image's objects, checked; the same each time it is asked. An
     * image that a key given authenticates restores as recorded ({@link DefinitionChecker.Scope#trusted()}).
     */
    static RestorePlan plan(ImageReader image, Properties p) {
        Catalogue catalogue = image.catalogue();
        Map<String, String> targets = targets(catalogue, p);
        DefinitionChecker.Scope scope = image.authentication().trusted()
                ? DefinitionChecker.Scope.trusted(targets, JobParams.selection(p))
                : DefinitionChecker.Scope.bounded(targets, JobParams.selection(p), definer(targets, p).quoted(), reachable(p));
        return RestorePlan.of(catalogue, scope, JobParams.flag(p, JobParams.USERS));
    }

    /** The account an untrusted image's definitions run as, in a restore into {@code targets}. */
    static BoundedDefiner definer(Map<String, String> targets, Properties p) {
        return BoundedDefiner.of(targets.values(), reachable(p));
    }

    /**
     * The databases of parameter {@link JobParams#ALLOW_ACCESS}: an untrusted image's definitions may use them too.
     * A protected schema is refused.
     */
    static Set<String> reachable(Properties p) {
        Set<String> out = new java.util.LinkedHashSet<>(JobParams.names(p, JobParams.ALLOW_ACCESS));
        Set<String> protectedNames = protectedNames(p);
        for (String db : out) {
            if (protectedNames.contains(db.toLowerCase(Locale.ROOT))) {
                throw new OnlineBackupException(Message.PROTECTED_DATABASE, "cannot allow access to " + Identifiers.quote(db),
                        Identifiers.quote(JobParams.SERVER_HISTORY_SCHEMA));
            }
        }
        return out;
    }

    /**
     * What a restore of the whole image with these parameters would refuse without a server: a database named like
     * a protected schema, or a statement the checker refuses. Returns the plan it would follow.
     */
    public static RestorePlan check(ImageReader image, Properties p) {
        return plan(image, p);
    }

    /** Which objects the restore creates: the targets and the selection (trust does not change that). */
    static DefinitionChecker.Scope checkerScope(Map<String, String> targets, Properties p) {
        return DefinitionChecker.Scope.trusted(targets, JobParams.selection(p));
    }
}
