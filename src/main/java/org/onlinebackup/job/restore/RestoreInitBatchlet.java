package org.onlinebackup.job.restore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.server.ServerCatalogueReader;
import org.onlinebackup.catalogue.sql.DefinitionChecker;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.catalogue.sql.SqlLexer;
import org.onlinebackup.catalogue.sql.Token;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.NameList;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.history.OperationState;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.repository.Repository;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.lock.Breakpoint;

/**
 * Step {@code init}: everything a restore can find wrong before it changes anything. It opens the image (header,
 * catalogue, chunk index and summary, each checked) and checks that this version has every driver the image names;
 * it chooses the databases to restore and their names, and checks every statement it
 * will run against its catalogue entry ({@link RestorePlan}). Then, on the server: every collation and character
 * set the image needs exists; a database to restore exists only if overwriting, and then holds nothing the image
 * lacks unless that may be dropped too; the other databases of the image that definitions read exist; and each
 * definer that does not exist is named in a warning. Last, when the restore replaces databases or restores
 * accounts, or {@code verifyFirst} asks for it, it reads and checks every chunk of the image (the data step checks
 * each chunk as it loads it anyway): what exists before a restore is never dropped for an image that turns out to be
 * damaged. A restore that only creates databases reads the image once; if a chunk is damaged, the failure names the
 * databases it created and loaded into.
 *
 * <p>It opens the {@link RestoreLedger} of the job instance first: on a restart, the databases that an earlier
 * execution of this restore created or replaced are its own, and their existing is no reason to refuse.
 */
@Named
@Dependent
public class RestoreInitBatchlet extends OperationBatchlet {

    @Override
    protected String run(Operation op) throws Exception {
        op.breakpoints().hit(Breakpoint.RESTORE_COMMAND);
        op.report((r, id) -> r.state(id, OperationState.RUNNING));
        Properties p = jobContext.getProperties();
        String image = JobParams.image(p, "the image file to restore");
        ImageReader reader = ImageReader.open(Path.of(image).toAbsolutePath().normalize(), JobParams.imageKeys(p));
        Catalogue catalogue = reader.catalogue();
        Map<String, String> targets = RestoreScope.targets(catalogue, p);
        RestoreOrders.of(catalogue, reader.file(), p);
        RestorePlan plan = RestoreScope.plan(reader, p);
        op.image(reader);
        op.log().note("The image is " + reader.authentication().describe() + (reader.authentication().trusted()
                ? ": it restores as recorded" : ": its views, triggers, routines and events run as an account bound to the databases"
                + " it restores"));
        op.catalogue(catalogue);
        op.databases(List.copyOf(targets.values()));
        for (String note : catalogue.notes()) {
            op.warn("the image notes: " + note);
        }
        if (!JobParams.flag(p, JobParams.USERS) && !catalogue.accounts().isEmpty()) {
            op.warn("the image holds " + catalogue.accounts().size() + " account(s) and role(s), not restored: restore with --users to restore them");
        }
        Connection c = ServerConnections.open(op.address());
        op.control(c);
        try {
            RestoreLedger ledger = op.part(RestoreLedger.class, () -> openLedger(op, p));
            if (ledger.earlierExecution()) {
                op.log().note("Taking up what the earlier execution of this restore did: database(s) "
                        + Identifiers.quoteAll(List.copyOf(ledger.owned())) + " are its own");
            }
            RestorePrivileges.check(c, plan, targets.values(), p);
            ServerCatalogueReader server = new ServerCatalogueReader(c);
            collations(catalogue, plan, server);
            boolean replaces = !existing(catalogue, targets, p, server, ledger.owned()).isEmpty();
            otherDatabases(plan, server);
            if (plan.scope().trusted()) {
                definers(catalogue, plan, p, server, op);
            } else {
                untrusted(catalogue, plan, p, server, op, reader.authentication().why(), ledger.createdAccounts());
            }
            if (replaces || JobParams.flag(p, JobParams.USERS) || JobParams.flag(p, JobParams.VERIFY_FIRST)) {
                op.log().note("Verifying every chunk of the image before changing anything");
                reader.verify();
            }
        } catch (SQLException e) {
            throw ServerConnections.classify(e, op.address(), "init");
        }
        return "COMPLETED";
    }

    /** The ledger of this restore's job instance: what its earlier executions did, if this one is a restart. */
    private RestoreLedger openLedger(Operation op, Properties p) {
        return RestoreLedger.open(Repository.open(JobParams.repository(p)), jobContext.getInstanceId());
    }

    private static void collations(Catalogue catalogue, RestorePlan plan, ServerCatalogueReader server) throws SQLException {
        Set<String> have = server.collationsAndCharsets();
        List<String> missing = new ArrayList<>();
        RestorePlan.collations(catalogue, plan).forEach((name, user) -> {
            if (!have.contains(name)) {
                missing.add(name + " (used by " + user + ")");
            }
        });
        if (!missing.isEmpty()) {
            throw new OnlineBackupException(Message.COLLATION_MISSING, NameList.of(missing), "the image was made on a server that has it");
        }
    }

    /**
     * A database to restore that exists is refused, unless overwriting; overwriting drops it, so it may hold only
     * objects the restore creates too (of the image, and selected), unless those may be dropped as well. Returns the databases it replaces.
     */
    private static List<String> existing(Catalogue catalogue, Map<String, String> targets, Properties p,
            ServerCatalogueReader server, Set<String> own) throws SQLException {
        List<String> existing = new ArrayList<>(server.existing(List.copyOf(targets.values())));
        existing.removeAll(own);
        if (existing.isEmpty()) {
            return existing;
        }
        if (!JobParams.flag(p, JobParams.OVERWRITE)) {
            throw new OnlineBackupException(Message.DATABASE_EXISTS, NameList.of(existing.stream().map(Identifiers::quote).toList()));
        }
        if (JobParams.flag(p, JobParams.DROP_EXTRA)) {
            return existing;
        }
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> t : targets.entrySet()) {
            if (!existing.contains(t.getValue())) {
                continue;
            }
            Set<String> inImage = new HashSet<>();
            int d = catalogue.databases().indexOf(catalogue.databases().stream().filter(x -> x.name().equals(t.getKey())).findFirst().orElseThrow());
            DefinitionChecker.Scope scope = RestoreScope.checkerScope(targets, p);
            catalogue.schemaObjects()
                    .filter(o -> o.database() == d && scope.creates(catalogue, o))
                    .forEach(o -> inImage.add(key(o.kind().noun(), o.name())));
            for (ServerCatalogueReader.ServerObject o : server.objectsOf(t.getValue())) {
                if (!inImage.contains(key(o.kind(), o.name()))) {
                    lost.add(o.kind() + " " + Identifiers.quote(t.getValue()) + "." + Identifiers.quote(o.name()));
                }
            }
        }
        if (!lost.isEmpty()) {
            throw new OnlineBackupException(Message.OBJECTS_WOULD_BE_LOST, NameList.of(lost));
        }
        return existing;
    }

    /** Tables, views and sequences share one case-sensitive namespace; routines, triggers and events ignore case. */
    private static String key(String noun, String name) {
        boolean table = noun.equals(ObjectKind.TABLE.noun()) || noun.equals(ObjectKind.VIEW.noun())
                || noun.equals(ObjectKind.SEQUENCE.noun());
        return table ? "table " + name : noun + " " + name.toLowerCase(Locale.ROOT);
    }

    /** Databases of the image that definitions read but this restore does not create must be on the server. */
    private static void otherDatabases(RestorePlan plan, ServerCatalogueReader server) throws SQLException {
        List<String> absent = server.missing(List.copyOf(plan.otherImageDatabases()));
        if (!absent.isEmpty()) {
            throw new OnlineBackupException(Message.RESTORE_NEEDS_DATABASE, NameList.of(absent.stream().map(Identifiers::quote).toList()));
        }
    }

    /**
     * An untrusted image: refused when {@code --users} would grant to accounts that exist already (no role or
     * privilege that the image did not create goes to anyone; those an earlier execution of this restore created
     * are its own); otherwise one warning says what runs as whom.
     */
    private static void untrusted(Catalogue catalogue, RestorePlan plan, Properties p, ServerCatalogueReader server,
                                  Operation op, String why, List<String> own) throws SQLException {
        if (JobParams.flag(p, JobParams.USERS)) {
            List<String> existing = new ArrayList<>();
            for (AccountEntry a : catalogue.accounts()) {
                if (!own.contains(a.quoted()) && server.accountExists(a.user(), a.host())) {
                    existing.add(a.quoted());
                }
            }
            if (!existing.isEmpty()) {
                throw new OnlineBackupException(Message.UNTRUSTED_ACCOUNTS_EXIST, why, NameList.of(existing));
            }
        }
        long programs = plan.boundToDefiner();
        if (programs == 0) {
            return;
        }
        BoundedDefiner definer = RestoreScope.definer(RestoreScope.targets(catalogue, p), p);
        List<String> replaced = plan.definers().entrySet().stream().map(d -> d.getKey() + " (" + d.getValue().size() + ")").toList();
        op.warn("the image is untrusted (" + why + "): its " + programs + " view(s), trigger(s), routine(s) and event(s) run as "
                + definer.quoted() + ", which may use only database(s) " + Identifiers.quoteAll(definer.databases())
                + (replaced.isEmpty() ? "" : "; definer(s) replaced: " + NameList.of(replaced).shortened(6))
                + (plan.madeDefinerSecurity().isEmpty() ? "" : "; SQL SECURITY INVOKER made DEFINER: "
                        + NameList.of(plan.madeDefinerSecurity()).shortened(6))
                + "; restore a signed image with --trust-key to keep them as recorded");
    }

    /** A definer that does not exist on the server (and is not restored with the accounts) is a warning per definer. */
    private static void definers(Catalogue catalogue, RestorePlan plan, Properties p, ServerCatalogueReader server, Operation op) {
        boolean accounts = JobParams.flag(p, JobParams.USERS);
        for (Map.Entry<String, List<String>> d : plan.definers().entrySet()) {
            List<Token> t = SqlLexer.tokenize(d.getKey(), null);
            String user = t.get(0).value();
            String host = t.size() > 2 ? t.get(2).value() : "";
            if (accounts && catalogue.accounts().stream().anyMatch(a -> a.user().equals(user) && a.host().equals(host))) {
                continue;
            }
            try {
                if (!server.accountExists(user, host)) {
                    op.warn("definer " + d.getKey() + " does not exist on the server; restored anyway: "
                            + NameList.of(d.getValue()).shortened(6));
                }
            } catch (SQLException e) {
                op.warn("cannot check that the definers of the image exist (" + ServerConnections.serverMessage(e) + ")");
                return;
            }
        }
    }
}
