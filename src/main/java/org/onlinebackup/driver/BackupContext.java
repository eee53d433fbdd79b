package org.onlinebackup.driver;

import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerAddress;

/**
 * What a driver's backup session is given: the server, the catalogue, its own tables, and how many connections it
 * may read on in parallel.
 */
public record BackupContext(ServerAddress address, Catalogue catalogue, List<TableEntry> tables, int parallel) {
    public BackupContext {
        tables = List.copyOf(tables);
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, not " + parallel);
        }
    }
}
