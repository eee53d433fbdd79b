package org.onlinebackup.job.restore;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a restore has done to the server's databases, for the report of a restore that does not complete: the
 * databases it dropped to replace them, those it created, and those it loaded rows into. A database it created and
 * loaded nothing into can be removed again without loss; every other database it touched is named as changed.
 */
final class RestoreLedger {
    private final Set<String> replaced = new LinkedHashSet<>();
    private final Set<String> created = new LinkedHashSet<>();
    private final Set<String> loaded = new LinkedHashSet<>();

    synchronized void replaced(String db) {
        replaced.add(db);
    }

    synchronized void created(String db) {
        created.add(db);
    }

    synchronized void loaded(String db) {
        loaded.add(db);
    }

    /** Databases that existed and were dropped, or that rows were loaded into: they are not as they were. */
    synchronized List<String> changed() {
        Set<String> out = new LinkedHashSet<>(replaced);
        out.addAll(loaded);
        return List.copyOf(out);
    }

    /** Databases this restore created and loaded nothing into: removing them loses nothing. */
    synchronized List<String> createdEmpty() {
        return created.stream().filter(db -> !loaded.contains(db) && !replaced.contains(db)).toList();
    }

    synchronized boolean touched() {
        return !replaced.isEmpty() || !created.isEmpty();
    }
}
