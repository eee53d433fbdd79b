package org.onlinebackup.job.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.NameList;
import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationJobListener;
import org.onlinebackup.job.common.StopSignal;

/**
 * Begins and ends a restore. A restore that does not complete removes the databases it created and loaded nothing
 * into (nothing is lost by that), and names every other database it changed: those are not as they were, and might
 * be incomplete (WL#4538's "data might be corrupted").
 */
@Named
@Dependent
public class RestoreJobListener extends OperationJobListener {
    @Override
    protected OperationLog log() {
        return OperationLog.restore();
    }

    @Override
    protected Aftermath aborted(Operation op) {
        RestoreLedger ledger = op.part(RestoreLedger.class);
        if (ledger == null || !ledger.touched()) {
            op.log().warning("Operation aborted");
            if (StopSignal.of(op).requested()) {
                String aborted = "; restore aborted, nothing was changed";
                return new Aftermath(aborted, aborted);
            }
            return Aftermath.NONE;
        }
        if (op.ddlBlocker() != null) {
            op.ddlBlocker().close();
            op.ddlBlocker(null);
        }
        List<String> accounts = removeAccounts(op, ledger.createdAccounts());
        List<String> empty = ledger.createdEmpty();
        List<String> removed = removeEmpty(op, empty);
        removed.forEach(ledger::removed);
        List<String> changed = new ArrayList<>(ledger.changed());
        empty.stream().filter(db -> !removed.contains(db)).forEach(changed::add);
        StringBuilder full = new StringBuilder();
        StringBuilder brief = new StringBuilder();
        if (!changed.isEmpty()) {
            op.log().warning("Operation aborted - data might be corrupted");
            NameList names = NameList.of(changed.stream().map(Identifiers::quote).toList());
            full.append("; restore aborted - data might be corrupted in database(s) ").append(names);
            brief.append("; restore aborted - data might be corrupted in database(s) ").append(names.shortened(6));
        } else {
            op.log().warning("Operation aborted");
        }
        if (!removed.isEmpty()) {
            NameList names = NameList.of(removed.stream().map(Identifiers::quote).toList());
            full.append("; removed again, nothing was loaded into them: ").append(names);
            brief.append("; removed again, nothing was loaded into them: ").append(names.shortened(4));
        }
        if (!accounts.isEmpty()) {
            NameList names = NameList.of(accounts);
            full.append("; the account(s) and role(s) it created removed again (a restart creates them again): ").append(names);
            brief.append("; the account(s) and role(s) it created removed again (a restart creates them again): ")
                    .append(names.shortened(4));
        }
        return new Aftermath(full.toString(), brief.toString());
    }

    /** Drops the accounts and roles this restore created (quoted); returns those it dropped. */
    private static List<String> removeAccounts(Operation op, List<String> accounts) {
        return drop(op, accounts, a -> (a.contains("`@`") ? "DROP USER IF EXISTS " : "DROP ROLE IF EXISTS ") + a);
    }

    /** Drops the databases this restore created and loaded nothing into; returns those it dropped. */
    private static List<String> removeEmpty(Operation op, List<String> databases) {
        return drop(op, databases, db -> "DROP DATABASE IF EXISTS " + Identifiers.quote(db));
    }

    /** Runs {@code drop} for each of {@code names} on a connection of its own; returns those it dropped. */
    private static List<String> drop(Operation op, List<String> names, Function<String, String> drop) {
        List<String> dropped = new ArrayList<>();
        if (names.isEmpty()) {
            return dropped;
        }
        try (Connection c = ServerConnections.open(op.address()); Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute(drop.apply(name));
                dropped.add(name);
            }
        } catch (SQLException | RuntimeException e) {
            op.error(e);
        }
        return dropped;
    }
}
