package org.onlinebackup.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.Compression;
import org.onlinebackup.job.backup.BackupInitBatchlet;
import org.onlinebackup.job.backup.ImagePath;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.store.BackupRepo;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "backup", description = "Back up databases into an image file, consistent as of one moment.")
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    BreakpointOptions breakpoints;

    @Mixin
    LockOptions locks;

    @Mixin
    ReportOptions report;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Databases databases;

    static final class Databases {
        @Option(names = "--databases", split = ",", paramLabel = "DB", required = true,
                description = "Databases to back up, comma-separated.")
        List<String> names;

        @Option(names = "--all", required = true, description = "Every database but mysql, information_schema, performance_schema, sys.")
        boolean all;
    }

    @Mixin
    SelectionOptions selection;

    @Option(names = "--to", paramLabel = "FILE", description = "The image file to write (*.obk); it must not exist.")
    Path to;

    @Option(names = "--repo", paramLabel = "DIR", description = "Instead of --to: write the image into the backup repository"
            + " DIR, named for the time the backup starts (images/yyyyMMddTHHmmssZ.obk, UTC); a new or empty DIR becomes"
            + " one. online-backup info --repo DIR lists its images, restore --repo DIR --latest restores the latest.")
    Path repo;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + JobParams.DEFAULT_PARALLEL,
            description = "Read InnoDB tables on N snapshot connections at once, 1 to " + JobParams.MAX_PARALLEL + " (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--split-size", paramLabel = "MIB", description = "Cut tables larger than MIB mebibytes into key ranges,"
            + " read and later restored on separate connections (default: each table's share of the work, at least 64).")
    Integer splitSize;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "zstd", converter = CompressionConverter.class,
            description = "Compress each data chunk with zstd (level 1), lz4, or none (default: ${DEFAULT-VALUE}).")
    Compression compression;

    @Mixin
    KeyOptions key;

    @Option(names = "--encrypt", description = "Encrypt the image (AES-256-GCM) with the key of --key-file, or of the environment"
            + " variable OBK_KEY; --key-file alone encrypts too.")
    boolean encrypt;

    @Option(names = "--sign-key", paramLabel = "FILE", description = "Sign the image with the Ed25519 private key in FILE"
            + " (PEM; online-backup keygen makes a pair), so that a restore given its public key (--trust-key) restores it"
            + " exactly as recorded and refuses any image altered or made by anyone else. Also sign-key in the option"
            + " file's [online-backup] group.")
    Path signKey;

    @Option(names = "--users", description = "Also carry the accounts and roles that hold privileges on these databases, with those grants.")
    boolean users;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    /** A codec by name; an unknown name is a usage error that lists the choices. */
    static final class CompressionConverter implements ITypeConverter<Compression> {
        @Override
        public Compression convert(String value) {
            Compression c = Compression.named(value);
            if (c == null) {
                throw new TypeConversionException("must be zstd, lz4 or none, not '" + value + "'");
            }
            return c;
        }
    }

    @Override
    public Integer call() throws Exception {
        Properties p = new Properties();
        p.setProperty(JobParams.PARALLEL, Parallel.check(spec, parallel));
        report.putInto(p);
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        conn.prepareRuntime();
        breakpoints.putInto(p);
        locks.putInto(p);
        if (databases == null && selection.tables == null) {
            throw new ParameterException(spec.commandLine(), "Missing required argument: --databases=DB, --all or --tables=DB.TABLE");
        }
        if (databases != null && databases.all) {
            p.setProperty(JobParams.ALL, "true");
        } else if (databases != null) {
            p.setProperty(JobParams.DATABASES, String.join(",", databases.names));
        }
        selection.putInto(spec, p);
        if (splitSize != null) {
            if (splitSize < 1 || splitSize > JobParams.MAX_SPLIT_MIB) {
                throw new ParameterException(spec.commandLine(), "--split-size must be from 1 to " + JobParams.MAX_SPLIT_MIB
                        + " (MiB), not " + splitSize);
            }
            p.setProperty(JobParams.SPLIT_SIZE, Integer.toString(splitSize));
        }
        p.setProperty(JobParams.COMPRESSION, compression.name().toLowerCase(java.util.Locale.ROOT));
        p.setProperty(JobParams.USERS, Boolean.toString(users));
        key.putInto(p);
        p.setProperty(JobParams.ENCRYPT, Boolean.toString(encrypt || key.keyFile != null));
        if ((to == null) == (repo == null)) {
            throw new ParameterException(spec.commandLine(), to == null ? "Missing required option: --to=FILE or --repo=DIR"
                    : "--to and --repo: give one, the image file or the repository that names it");
        }
        // what needs no server is checked before anything starts: no history row for a mistyped path
        Path image = null;
        try {
            if (to != null) {
                image = ImagePath.check(Streams.refused("--to", to).toString());
                ImagePath.noWorkDirectory(image);
            } else {
                BackupRepo.check(Streams.refused("--repo", repo));
            }
            SignKey.putInto(signKey, conn.file(), p);
        } catch (OnlineBackupException e) {
            // a script reading --json still gets its last line, the result
            ProgressView.of(report, main.io).result(false, "FAILED", OnlineBackupException.describe(e), -1);
            throw e;
        }
        preflight(conn, p);
        if (image == null) {
            try {
                image = ImagePath.check(BackupRepo.create(repo).newImage(Instant.now()).toString());
            } catch (OnlineBackupException e) {
                ProgressView.of(report, main.io).result(false, "FAILED", OnlineBackupException.describe(e), -1);
                throw e;
            }
        }
        p.setProperty(JobParams.IMAGE, image.toString());
        return JobRunner.run(main.io, conn, JobParams.BACKUP_JOB, p, report);
    }

    /** The server-side checks of the backup's input, before anything starts (no history row, no job execution). */
    private void preflight(ConnectionOptions.Resolved conn, Properties p) {
        conn.register();
        try (Connection c = ServerConnections.open(conn.address())) {
            BackupInitBatchlet.preflight(c, p);
        } catch (SQLException e) {
            throw ServerConnections.classify(e, conn.address(), "checking the databases to back up");
        } catch (OnlineBackupException e) {
            ProgressView.of(report, main.io).result(false, "FAILED", OnlineBackupException.describe(e), -1);
            throw e;
        }
    }
}
