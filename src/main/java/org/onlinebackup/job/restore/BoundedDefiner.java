package org.onlinebackup.job.restore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.image.Sha256;

/**
 * The account an untrusted image's views, triggers, routines and events run as: {@code obk_definer_<12 hex>}@
 * {@code localhost}, named by the databases it may use, locked (nobody logs in as it), holding every privilege on
 * exactly those databases (the restored ones and those the operator allows with {@code --allow-access}) and nothing
 * else. So whatever a restored object does when it runs, now or later, whoever calls it, the server refuses it
 * outside those databases. The same databases always give the same account, so restoring them again reuses it; its
 * privileges are set anew each time.
 */
record BoundedDefiner(String user, List<String> databases) {
    static final String HOST = "localhost";
    static final String PREFIX = "obk_definer_";

    /** The definer of a restore into {@code restored} that may also use {@code reachable}. */
    static BoundedDefiner of(Iterable<String> restored, Iterable<String> reachable) {
        TreeSet<String> all = new TreeSet<>();
        restored.forEach(all::add);
        reachable.forEach(all::add);
        StringBuilder names = new StringBuilder();
        for (String db : all) {
            names.append(db).append('\0');
        }
        byte[] digest = Sha256.of(names.toString().getBytes(StandardCharsets.UTF_8));
        return new BoundedDefiner(PREFIX + HexFormat.of().formatHex(digest).substring(0, 12), List.copyOf(all));
    }

    /** {@code `user`@`localhost`}. */
    String quoted() {
        return Identifiers.quote(user) + "@" + Identifiers.quote(HOST);
    }

    /** The statements that make the account as it must be: created if missing, locked, its privileges exactly these. */
    List<String> statements() {
        List<String> out = new ArrayList<>();
        out.add("CREATE USER IF NOT EXISTS " + quoted() + " ACCOUNT LOCK");
        out.add("ALTER USER " + quoted() + " ACCOUNT LOCK");
        out.add("REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + quoted());
        for (String db : databases) {
            out.add("GRANT ALL PRIVILEGES ON " + Identifiers.quote(db.replace("_", "\\_").replace("%", "\\%")) + ".* TO " + quoted());
        }
        return out;
    }
}
