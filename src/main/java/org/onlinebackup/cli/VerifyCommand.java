package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.image.v3.Summary;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.restore.RestoreScope;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code verify FILE}: everything a restore checks before it touches a server, without one: every record's CRC32C,
 * the chunk sequence of each table, every payload (rows, values, lengths against the catalogue), the summary
 * against the chunks and the image checksum, and every statement against its catalogue entry. An encrypted image
 * needs its key: every record is then also authenticated.
 */
@Command(name = "verify", description = "Check an image without a server, as a restore would before it changes anything.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "FILE", description = "The image file.")
    Path file;

    @Mixin
    TrustOptions trust;

    @Mixin
    OptionFileChoice optionFiles;

    @Option(names = "--json", description = "Print the verdict as one JSON object.")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        Path image = Streams.refused("verify", file).toAbsolutePath().normalize();
        try {
            ImageReader reader = ImageReader.open(image, trust.keys(optionFiles.read()));
            reader.verify();
            Properties p = new Properties();
            p.setProperty(JobParams.USERS, "true");
            RestorePlan plan = RestoreScope.check(reader, p);
            Catalogue c = reader.catalogue();
            Summary s = reader.summary();
            String trust = reader.authentication().describe() + (plan.scope().trusted() ? ": restores as recorded"
                    : ": a restore runs its views, triggers, routines and events as " + plan.scope().definer()
                    + ", which may use only the databases it restores" + (plan.disabledEvents().isEmpty() ? ""
                    : ", and leaves its " + plan.disabledEvents().size() + " enabled event(s) disabled"));
            long chunks = s.tables().stream().mapToLong(Summary.TableStats::chunks).sum();
            if (json) {
                main.io.out().println(new JsonLine("verify").add("ok", true).add("image", image).add("databases", c.databases().size())
                        .add("tables", c.tables().size()).add("objects", c.objects().size()).add("accounts", c.accounts().size())
                        .add("statements", plan.steps().size()).add("rows", s.rows()).add("chunks", chunks)
                        .add("bytes", s.totalBytes()).add("notes", c.notes().size())
                        .add("trusted", reader.authentication().trusted()).add("authentication", trust));
            } else {
                main.io.out().println("image " + image + " is intact: " + c.databases().size() + " database(s), "
                        + c.tables().size() + " table(s), " + c.objects().size() + " other object(s), " + c.accounts().size()
                        + " account(s); " + s.rows() + " row(s) in " + chunks + " chunk(s), " + s.totalBytes() + " bytes; all "
                        + plan.steps().size() + " statement(s) pass the checks" + (c.notes().isEmpty() ? "" : "; "
                        + c.notes().size() + " note(s), see list") + "; " + trust);
            }
            return Main.OK;
        } catch (OnlineBackupException e) {
            if (json) {
                main.io.out().println(new JsonLine("verify").add("ok", false).add("image", image)
                        .add("error", e.messageId().id()).add("message", e.getMessage()));
                return Main.FAILED;
            }
            throw e;
        }
    }
}
