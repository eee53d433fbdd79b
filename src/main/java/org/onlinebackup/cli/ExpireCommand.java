package org.onlinebackup.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.store.BackupRepo;
import org.onlinebackup.store.Latest;
import org.onlinebackup.store.Retention;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code expire --repo DIR --keep-full N --keep-days D [--dry-run]}: removes the images a retention policy no longer
 * keeps and the binlog archive no kept image needs ({@link Retention} is the rule), saying for each image why it
 * goes or stays. Needs no server.
 */
@Command(name = "expire", description = "Remove the images of a backup repository that the retention policy does not keep,"
        + " and the binlog archive older than every image kept; --dry-run shows what would go.")
final class ExpireCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The backup repository.")
    Path repo;

    @Option(names = "--keep-full", paramLabel = "N", description = "Keep the N newest images of each series (one server,"
            + " one set of databases).")
    Integer keepFull;

    @Option(names = "--keep-days", paramLabel = "D", description = "Keep every image whose validity point is within D days."
            + " The newest image of a series is always kept.")
    Integer keepDays;

    @Option(names = "--dry-run", description = "Show what would be removed; remove nothing.")
    boolean dryRun;

    @Mixin
    TrustOptions trust;

    @Mixin
    OptionFileChoice optionFiles;

    @Option(names = "--json", description = "Print one JSON object per image and per archive cut, then the result.")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        if (keepFull == null && keepDays == null) {
            throw new ParameterException(spec.commandLine(), "give --keep-full N, --keep-days D or both");
        }
        if (keepFull != null && keepFull < 1) {
            throw new ParameterException(spec.commandLine(), "--keep-full must be 1 or more (the newest image is always kept)");
        }
        if (keepDays != null && keepDays < 0) {
            throw new ParameterException(spec.commandLine(), "--keep-days must be 0 or more");
        }
        Retention.Policy policy = new Retention.Policy(keepFull, keepDays);
        BackupRepo r = BackupRepo.open(Streams.refused("--repo", repo));
        Retention.Plan plan = Retention.plan(r, policy, Instant.now(), trust.keys(optionFiles.read()));
        PrintStream out = main.io.out();
        String verb = dryRun ? "would remove" : "removed";
        for (Retention.Decision d : plan.images()) {
            if (json) {
                out.println(new JsonLine("image").add("name", d.image().getFileName()).add("series", d.series())
                        .add("validityPoint", d.validityPoint()).add("bytes", d.bytes()).add("keep", d.keep()).add("why", d.why()));
            } else {
                out.println(String.format("%-14s %-24s %-28s %10s  %s: %s", d.keep() ? "keep" : verb, d.image().getFileName(),
                        d.validityPoint(), InfoCommand.size(d.bytes()), d.series(), d.why()));
            }
        }
        for (Latest.PassedOver o : plan.leftAlone()) {
            if (json) {
                out.println(new JsonLine("leftAlone").add("name", o.image().getFileName()).add("why", o.why()));
            } else {
                out.println(String.format("%-14s %-24s %s", "left alone", o.image().getFileName(), o.why()));
            }
        }
        long archived = 0;
        int segments = 0;
        for (Retention.ArchiveCut c : plan.archive()) {
            archived += c.bytes();
            segments += c.segments().size();
            if (json) {
                out.println(new JsonLine("archive").add("dir", c.dir()).add("segments", c.segments().size()).add("bytes", c.bytes())
                        .add("before", c.before()).add("why", c.why()));
            } else {
                out.println(String.format("%-14s %s: %d segment(s), %s, before %s (%s)", verb, "archive " + c.dir().getFileName(),
                        c.segments().size(), InfoCommand.size(c.bytes()), c.before(), c.why()));
            }
        }
        if (!dryRun) {
            try {
                Retention.apply(plan);
            } catch (Retention.Partly e) {
                throw new OnlineBackupException(e, Message.REPO_UNUSABLE, r.dir(), e.getMessage());
            }
        }
        long imageBytes = plan.removed().stream().mapToLong(Retention.Decision::bytes).sum();
        String result = (dryRun ? "would expire " : "expired ") + plan.removed().size() + " image(s), " + InfoCommand.size(imageBytes)
                + ", and " + segments + " archive segment(s), " + InfoCommand.size(archived) + "; kept "
                + (plan.images().size() - plan.removed().size()) + " image(s)"
                + (plan.leftAlone().isEmpty() ? "" : "; left alone " + plan.leftAlone().size() + " image(s) it cannot judge");
        if (json) {
            out.println(new JsonLine("result").add("ok", true).add("dryRun", dryRun).add("images", plan.removed().size())
                    .add("imageBytes", imageBytes).add("segments", segments).add("segmentBytes", archived)
                    .add("message", result));
        } else {
            out.println(result);
        }
        return Main.OK;
    }
}
