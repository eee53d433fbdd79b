package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.restore.RestoreScope;
import org.onlinebackup.store.BackupRepo;
import org.onlinebackup.store.Latest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = "Restore the databases of an image file. Existing databases of the same names are refused unless --overwrite.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    BreakpointOptions breakpoints;

    @Mixin
    LockOptions locks;

    @Mixin
    ReportOptions report;

    @Option(names = "--from", paramLabel = "FILE", description = "The image file to restore.")
    Path from;

    @Option(names = "--repo", paramLabel = "DIR", description = "Instead of --from: restore an image of the backup repository"
            + " DIR, the one --latest says.")
    Path repo;

    @Option(names = "--latest", description = "With --repo: the image with the latest validity point that holds the databases"
            + " asked for and that the keys given authenticate (any image, given none); each newer one passed over is named.")
    boolean latest;

    @Option(names = "--overwrite", description = "Drop and replace databases that already exist, if they hold nothing the image lacks (destructive).")
    boolean overwrite;

    @Option(names = "--drop-extra", description = "With --overwrite: also drop what those databases hold and the image does not.")
    boolean dropExtra;

    @Option(names = "--databases", split = ",", paramLabel = "DB", description = "Restore only these databases of the image, comma-separated.")
    List<String> databases;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--rename", paramLabel = "OLD=NEW", description = "Restore database OLD as NEW, rewriting the references to it in"
            + " views, triggers, routines and events (repeatable).")
    List<String> renames;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + JobParams.DEFAULT_PARALLEL,
            description = "Load tables and key ranges on N connections at once, 1 to " + JobParams.MAX_PARALLEL + " (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--verify-first", description = "Read and check the whole image before changing anything (always done"
            + " with --overwrite of an existing database, or --users).")
    boolean verifyFirst;

    @Mixin
    TrustOptions trust;

    @Option(names = "--users", description = "Also restore the image's accounts and roles and their grants on the restored databases.")
    boolean users;

    @Option(names = "--allow-access", split = ",", paramLabel = "DB", description = "An untrusted image's views, triggers,"
            + " routines and events may use these databases too (comma-separated), besides those it restores.")
    List<String> allowAccess;

    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        Properties p = new Properties();
        p.setProperty(JobParams.PARALLEL, Parallel.check(spec, parallel));
        p.setProperty(JobParams.VERIFY_FIRST, Boolean.toString(verifyFirst));
        report.putInto(p);
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        conn.prepareRuntime();
        breakpoints.putInto(p);
        locks.putInto(p);
        if ((from == null) == (repo == null)) {
            throw new ParameterException(spec.commandLine(), from == null ? "Missing required option: --from=FILE or --repo=DIR --latest"
                    : "--from and --repo: give one, the image file or the repository to choose it from");
        }
        if (repo != null && !latest) {
            throw new ParameterException(spec.commandLine(), "--repo needs --latest: which of its images to restore");
        }
        if (latest && repo == null) {
            throw new ParameterException(spec.commandLine(), "--latest goes with --repo");
        }
        p.setProperty(JobParams.OVERWRITE, Boolean.toString(overwrite));
        if (dropExtra && !overwrite) {
            throw new ParameterException(spec.commandLine(), "--drop-extra goes with --overwrite");
        }
        p.setProperty(JobParams.DROP_EXTRA, Boolean.toString(dropExtra));
        p.setProperty(JobParams.USERS, Boolean.toString(users));
        trust.putInto(p, conn.file());
        if (allowAccess != null) {
            p.setProperty(JobParams.ALLOW_ACCESS, String.join(",", allowAccess));
        }
        if (databases != null) {
            p.setProperty(JobParams.DATABASES, String.join(",", databases));
        }
        selection.putInto(spec, p);
        if (renames != null) {
            Map<String, String> map = new LinkedHashMap<>();
            for (String r : renames) {
                int eq = r.indexOf('=');
                if (eq <= 0 || eq == r.length() - 1) {
                    throw new ParameterException(spec.commandLine(), "--rename takes OLD=NEW, not '" + r + "'");
                }
                if (map.put(r.substring(0, eq), r.substring(eq + 1)) != null) {
                    throw new ParameterException(spec.commandLine(), "--rename names " + r.substring(0, eq) + " twice");
                }
            }
            p.setProperty(JobParams.RENAME, JobParams.renameParameter(map));
        }
        // what needs no server is checked before anything starts: the image (header, catalogue, index, summary,
        // the key) and every statement against its entry, for these databases, names and selection
        try {
            p.setProperty(JobParams.REPOSITORY, conn.repository().text());
            ImageKeys keys = trust.keys(conn.file());
            ImageReader image = from != null ? ImageReader.open(Streams.refused("--from", from).toAbsolutePath().normalize(), keys)
                    : latest(keys);
            p.setProperty(JobParams.IMAGE, image.file().toString());
            RestoreScope.check(image, p);
        } catch (OnlineBackupException e) {
            ProgressView.of(report, main.io).result(false, "FAILED", OnlineBackupException.describe(e), -1);
            throw e;
        }
        return JobRunner.run(main.io, conn, JobParams.RESTORE_JOB, p, report);
    }

    /** The latest image of {@code --repo} that can serve, the newer ones passed over named on standard error. */
    private ImageReader latest(ImageKeys keys) {
        BackupRepo r = BackupRepo.open(repo);
        Latest.Choice choice = Latest.choose(r, keys, databases);
        ProgressView view = ProgressView.of(report, main.io);
        for (Latest.PassedOver o : choice.passedOver()) {
            view.note("passed over " + o.image().getFileName() + ": " + o.why());
        }
        if (choice.image() == null) {
            throw new OnlineBackupException(Message.REPO_NO_IMAGE, r.dir(), (databases == null ? "" : " of database(s) "
                    + String.join(", ", databases)) + (choice.passedOver().isEmpty() ? " (it holds none)"
                    : ": each of its " + choice.passedOver().size() + " image(s) is passed over, as said above"));
        }
        ImageReader image = choice.image();
        view.note("restoring " + image.file() + ", validity point " + image.header().validityPoint());
        return image;
    }
}
