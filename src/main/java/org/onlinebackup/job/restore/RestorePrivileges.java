package org.onlinebackup.job.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.RoutineEntry;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.catalogue.sql.SqlLexer;
import org.onlinebackup.catalogue.sql.Token;
import org.onlinebackup.connect.Privileges;
import org.onlinebackup.connect.Privileges.Need;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.NameList;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.JobParams;

/**
 * The privileges a restore needs, checked in its {@code init} step, before it changes anything: to create the
 * databases it restores and what the image holds in them, to replace them, to hold DDL, and to give its objects their
 * definers. A missing one fails the restore with one line naming it and the GRANT that gives it; so do functions
 * the server's binary log settings would refuse.
 */
final class RestorePrivileges {
    private RestorePrivileges() {
    }

    static void check(Connection c, RestorePlan plan, Collection<String> targets, Properties p) throws SQLException {
        Privileges held = Privileges.of(c);
        held.require(needs(held, plan, targets, p));
        functionsTheBinlogRefuses(c, plan);
    }

    /**
     * With the binary log on and {@code log_bin_trust_function_creators} off, the server refuses (error 1418) to create
     * a function that does not declare it is DETERMINISTIC, NO SQL or READS SQL DATA, even to an account with every
     * privilege (measured on 10.11): found here, before anything changes, not when the restore reaches the function.
     */
    private static void functionsTheBinlogRefuses(Connection c, RestorePlan plan) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@log_bin, @@log_bin_trust_function_creators")) {
            rs.next();
            if (rs.getInt(1) == 0 || rs.getInt(2) == 1) {
                return;
            }
        }
        List<String> refused = new ArrayList<>();
        for (RestorePlan.Step step : plan.steps(RestorePhase.ROUTINES)) {
            if (step.entry() instanceof RoutineEntry r && r.kind() == ObjectKind.FUNCTION
                    && !declaresBinlogSafe(step.sql(), step.context() == null ? null : step.context().sqlMode())) {
                refused.add(Identifiers.quote(step.database()) + "." + Identifiers.quote(r.name()));
            }
        }
        if (!refused.isEmpty()) {
            throw new OnlineBackupException(Message.FUNCTIONS_REFUSED, NameList.of(refused).shortened(6));
        }
    }

    /** Whether a CREATE FUNCTION declares DETERMINISTIC, NO SQL or READS SQL DATA among its characteristics. */
    static boolean declaresBinlogSafe(String create, String sqlMode) {
        List<Token> t = SqlLexer.tokenize(create, sqlMode);
        int i = 0;
        while (i < t.size() && !t.get(i).is("RETURNS")) {
            i++;
        }
        for (; i < t.size(); i++) {
            Token k = t.get(i);
            if (k.is("BEGIN") || k.is("RETURN")) {
                return false;
            }
            if (k.is("DETERMINISTIC") && !t.get(i - 1).is("NOT")
                    || k.is("NO") && i + 1 < t.size() && t.get(i + 1).is("SQL")
                    || k.is("READS") && i + 1 < t.size() && t.get(i + 1).is("SQL")) {
                return true;
            }
        }
        return false;
    }

    static List<Need> needs(Privileges held, RestorePlan plan, Collection<String> targets, Properties p) {
        List<Need> out = new ArrayList<>();
        for (String db : targets) {
            out.add(Need.onDatabase("CREATE", db, "the restore creates it and its tables"));
            out.add(Need.onDatabase("INSERT", db, "the restore loads its rows"));
            out.add(Need.onDatabase("DROP", db, "the restore drops it to replace it (--overwrite) or to remove it again"
                    + " when the restore fails"));
            Set<RestorePhase> phases = new LinkedHashSet<>();
            plan.steps().stream().filter(s -> db.equals(s.database())).forEach(s -> phases.add(s.phase()));
            if (phases.contains(RestorePhase.VIEWS)) {
                out.add(Need.onDatabase("CREATE VIEW", db, "the restore creates its views"));
            }
            if (phases.contains(RestorePhase.ROUTINES)) {
                out.add(Need.onDatabase("CREATE ROUTINE", db, "the restore creates its routines"));
            }
            if (phases.contains(RestorePhase.TRIGGERS)) {
                out.add(Need.onDatabase("TRIGGER", db, "the restore creates its triggers"));
            }
            if (phases.contains(RestorePhase.EVENTS)) {
                out.add(Need.onDatabase("EVENT", db, "the restore creates its events"));
            }
        }
        out.add(Need.global("RELOAD", "the restore holds DDL while it loads (BACKUP STAGE)"));
        boolean users = JobParams.flag(p, JobParams.USERS);
        boolean bounded = plan.boundToDefiner() > 0;
        if (users || bounded) {
            String why = users ? "--users creates the image's accounts and roles" : "the untrusted image's programs run as"
                    + " an account the restore creates for them, bound to the databases it restores";
            out.add(Need.global("CREATE USER", why));
            for (String db : targets) {
                out.add(Need.onDatabase("GRANT OPTION", db, users ? "--users grants the image's privileges on it"
                        : "the restore grants that account its privileges on it"));
            }
        }
        if (plan.scope().trusted() && plan.definers().keySet().stream().anyMatch(d -> !same(d, held.account()))
                && !held.global("SUPER")) {
            out.add(Need.global("SET USER", "the signed image's objects are restored with their recorded definers, who"
                    + " are not this account"));
        }
        return out;
    }

    /** Whether the definer {@code `u`@`h`} is the account {@code 'u'@'h'}. */
    private static boolean same(String definer, String account) {
        return definer.replace("`", "").replace("'", "").equals(account.replace("'", ""));
    }
}
