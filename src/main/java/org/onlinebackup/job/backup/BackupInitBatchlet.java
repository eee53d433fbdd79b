package org.onlinebackup.job.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.lock.DdlBlocker;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.server.ServerCatalogueReader;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.history.OperationState;
import org.onlinebackup.image.MasterKey;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.ImageCipher;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.job.common.StopSignal;
import org.onlinebackup.job.common.Workspace;

/**
 * Step {@code init}: checks the parameters before anything is written: the image path (its directory exists, no
 * file and no work directory of that name), the server (reachable, credentials), and the databases (they exist,
 * none is a system database), and the key when the image is to be encrypted. Then it takes the DDL blocker, held until
 * the backup ends, so the catalogue read next stays true until the data is read.
 */
@Named
@Dependent
public class BackupInitBatchlet extends OperationBatchlet {

    @Override
    protected String run(Operation op) throws Exception {
        op.breakpoints().hit(Breakpoint.BACKUP_COMMAND);
        op.report((r, id) -> r.state(id, OperationState.RUNNING));
        Properties p = jobContext.getProperties();
        Workspace ws = checkImagePath(JobParams.image(p, "the image file to write"), jobContext.getInstanceId(), op);
        op.workspace(ws, false);
        if (JobParams.flag(p, JobParams.ENCRYPT) || !p.getProperty(JobParams.KEY_FILE, "").isBlank()) {
            MasterKey key = JobParams.masterKey(p);
            if (key == null) {
                throw new OnlineBackupException(Message.KEY_INVALID, "the backup", "encrypting needs a key: --key-file FILE or OBK_KEY");
            }
            ImageCipher cipher = ImageCipher.create(key);
            op.part(ImageCipher.class, () -> cipher);
        }
        SigningKey signer = JobParams.signingKey(p);
        if (signer != null) {
            op.part(SigningKey.class, () -> signer);
        }
        Connection c = ServerConnections.open(op.address());
        op.control(c);
        try {
            op.server(serverInfo(c));
            op.databases(resolveDatabases(c, p));
            BackupPrivileges.check(c, op.databases(), p);
            op.ddlBlocker(DdlBlocker.acquire(ServerConnections.open(op.address()), JobParams.lockTimeout(p),
                    StopSignal.of(op)::requested, op::waiting));
        } catch (SQLException e) {
            throw ServerConnections.classify(e, op.address(), "init");
        }
        return "COMPLETED";
    }

    /**
     * Checks where the image goes; a work directory there is refused, unless it is this backup's own (its job
     * instance), left by an earlier execution: a restart sets its partial image aside ({@link EarlierChunks}).
     */
    static Workspace checkImagePath(String image, long jobInstance, Operation op) {
        Path path = ImagePath.check(image);
        Workspace ws = Workspace.of(path);
        if (Files.exists(ws.dir(), LinkOption.NOFOLLOW_LINKS)) {
            Long owner = ws.owner();
            if (owner == null || owner != jobInstance) {
                throw new OnlineBackupException(Message.IMAGE_WORK_EXISTS, path, ws.dir(),
                        owner == null ? "" : " (job instance " + owner + ")");
            }
            op.log().note("Restart: the earlier execution's partial image is set aside; this execution takes a validity"
                    + " point of its own and keeps from it only the tables provably unchanged since");
            try {
                ws.setAsideEarlier();
            } catch (IOException e) {
                throw new OnlineBackupException(e, Message.IMAGE_WRITE, path, "cannot set aside the earlier partial image: "
                        + e.getMessage());
            }
        }
        return ws;
    }

    private static Operation.ServerInfo serverInfo(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT VERSION(), @@character_set_server, @@collation_server, @@hostname")) {
            rs.next();
            return new Operation.ServerInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
    }

    /**
     * The databases to back up: those named, or every one but the system and repository schemas ({@code all}, or
     * table patterns without databases named), less those the selection excludes; with table patterns, those where
     * a pattern matches, and every pattern must match something.
     */
    /**
     * What a backup with parameters {@code p} checks on the server before it starts, reading only: the databases
     * (named ones exist, none is a system one, a selection matches) and the account's privileges. The command line
     * runs it before it starts a job, so bad input costs no history row and no job execution; {@code init} runs it
     * again for a job started otherwise.
     */
    public static void preflight(Connection c, Properties p) throws SQLException {
        BackupPrivileges.check(c, resolveDatabases(c, p), p);
    }

    private static List<String> resolveDatabases(Connection c, Properties p) throws SQLException {
        Selection selection = JobParams.selection(p);
        List<String> named = named(c, p);
        ServerCatalogueReader reader = new ServerCatalogueReader(c);
        List<String> chosen = named.stream().filter(selection::mayHoldTables).toList();
        if (!selection.wholeDatabases()) {
            List<String[]> tables = reader.selectedTables(chosen, selection);
            List<String> unmatched = selection.unmatched(tables);
            if (!unmatched.isEmpty()) {
                throw new OnlineBackupException(Message.SELECTION_MATCHES_NOTHING, "--tables " + String.join(",", unmatched),
                        named.size() == 1 ? "in database " + Identifiers.quote(named.get(0)) : "on the server");
            }
            chosen = chosen.stream().filter(db -> tables.stream().anyMatch(t -> t[0].equals(db))).toList();
        }
        if (chosen.isEmpty()) {
            throw new OnlineBackupException(Message.SELECTION_EMPTY, selection.describe(), Identifiers.quoteAll(named));
        }
        return chosen;
    }

    private static List<String> named(Connection c, Properties p) throws SQLException {
        ServerCatalogueReader reader = new ServerCatalogueReader(c);
        if (Boolean.parseBoolean(p.getProperty(JobParams.ALL)) || p.getProperty(JobParams.DATABASES, "").isBlank()
                && !p.getProperty(JobParams.TABLES, "").isBlank()) {
            List<String> all = reader.userDatabases(Set.of(JobParams.SERVER_HISTORY_SCHEMA));
            if (all.isEmpty()) {
                throw new OnlineBackupException(Message.NO_DATABASES);
            }
            return all;
        }
        Set<String> names = new LinkedHashSet<>();
        String list = p.getProperty(JobParams.DATABASES, "");
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        if (names.isEmpty()) {
            throw new OnlineBackupException(Message.MISSING_PARAMETER, "the databases to back up (--databases or --all)");
        }
        List<String> system = new ArrayList<>();
        for (String n : names) {
            if (ServerCatalogueReader.SYSTEM_DATABASES.contains(n.toLowerCase())) {
                system.add(n);
            }
        }
        if (!system.isEmpty()) {
            String verb = system.size() == 1 ? "is a" : "are";
            if (system.size() == names.size()) {
                throw new OnlineBackupException(Message.ONLY_SYSTEM_DATABASES, Identifiers.quoteAll(system), verb);
            }
            throw new OnlineBackupException(Message.SYSTEM_DATABASE, Identifiers.quoteAll(system), verb);
        }
        String repository = JobParams.SERVER_HISTORY_SCHEMA;
        if (names.stream().anyMatch(n -> n.equalsIgnoreCase(repository))) {
            throw new OnlineBackupException(Message.PROTECTED_DATABASE, "cannot back up " + Identifiers.quote(repository),
                    Identifiers.quote(repository));
        }
        List<String> missing = reader.missing(List.copyOf(names));
        if (!missing.isEmpty()) {
            // the server shows a database only to an account with a privilege on it
            BackupPrivileges.checkSelect(c, missing);
            throw new OnlineBackupException(Message.UNKNOWN_DATABASE, Identifiers.quoteAll(missing));
        }
        return List.copyOf(names);
    }
}
