package org.onlinebackup.cli;

import java.util.List;
import java.util.Properties;

import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which tables, views and sequences of the databases a backup carries or a restore creates ({@link Selection}). */
final class SelectionOptions {
    @Option(names = "--tables", paramLabel = "DB.TABLE", description = "Only these tables, views and sequences (with their"
            + " triggers), comma-separated db.name patterns: * and ? are wildcards, `my.db`.`t` quotes a name."
            + " Routines and events come only with whole databases.")
    String tables;

    @Option(names = "--exclude-tables", paramLabel = "DB.TABLE", description = "Leave out these tables, views and sequences"
            + " (db.name patterns, as --tables).")
    String excludeTables;

    @Option(names = "--exclude-databases", paramLabel = "DB", description = "Leave out these databases (name patterns).")
    String excludeDatabases;

    @Option(names = "--no-data", description = "Definitions only: every object, no rows.")
    boolean noData;

    /** Checks the patterns here, so a mistyped one is a usage error before anything starts, and sets the parameters. */
    void putInto(CommandSpec spec, Properties p) {
        Selection s;
        try {
            s = new Selection(Selection.split(orEmpty(tables)), Selection.split(orEmpty(excludeTables)),
                    Selection.split(orEmpty(excludeDatabases)), noData);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (tables != null && s.tables().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--tables names no table");
        }
        set(p, JobParams.TABLES, s.tables());
        set(p, JobParams.EXCLUDE_TABLES, s.excludeTables());
        set(p, JobParams.EXCLUDE_DATABASES, s.excludeDatabases());
        if (noData) {
            p.setProperty(JobParams.NO_DATA, "true");
        }
    }

    private static void set(Properties p, String name, List<String> patterns) {
        if (!patterns.isEmpty()) {
            p.setProperty(name, String.join(",", patterns));
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
