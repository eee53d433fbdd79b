package org.onlinebackup.catalogue.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.CatalogueEntry;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.DefinitionContext;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.RoutineEntry;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.catalogue.ViewEntry;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Every statement a restore runs to create the objects of an image, checked by {@link DefinitionChecker} and put in
 * one dependency order ({@link RestorePhase}): made from the catalogue alone, before the server is touched, so a
 * statement the checker refuses stops the restore while nothing has changed. Within a phase: views so that each
 * comes after the views it names, packages before their bodies, triggers in their action order.
 */
public final class RestorePlan {

    /**
     * One statement: when it runs, the entry it belongs to, the database it runs in (its target name, or null), the
     * SQL, and the session it runs in ({@code null}: the restore's own).
     */
    public record Step(RestorePhase phase, CatalogueEntry entry, String database, String sql, DefinitionContext context) {
    }

    private final List<Step> steps;
    private final Map<String, List<String>> definers;
    private final Set<String> otherImageDatabases;
    private final DefinitionChecker.Scope scope;
    private final List<String> disabledEvents;
    private final List<String> madeDefinerSecurity;

    private RestorePlan(List<Step> steps, Map<String, List<String>> definers, Set<String> otherImageDatabases,
                        DefinitionChecker.Scope scope, List<String> disabledEvents, List<String> madeDefinerSecurity) {
        this.steps = steps;
        this.definers = definers;
        this.otherImageDatabases = otherImageDatabases;
        this.scope = scope;
        this.disabledEvents = disabledEvents;
        this.madeDefinerSecurity = madeDefinerSecurity;
    }

    /**
     * The plan for the databases of {@code scope}; accounts and their grants only when {@code accounts}.
     * An {@code OnlineBackupException} names the first entry whose statement is refused.
     */
    public static RestorePlan of(Catalogue catalogue, DefinitionChecker.Scope scope, boolean accounts) {
        DefinitionChecker checker = new DefinitionChecker(catalogue, scope);
        List<Step> steps = new ArrayList<>();
        Map<String, List<String>> definers = new LinkedHashMap<>();
        Set<String> others = new TreeSet<>();
        List<String> disabledEvents = new ArrayList<>();
        List<String> invokers = new ArrayList<>();
        if (accounts) {
            for (AccountEntry a : catalogue.accounts()) {
                steps.add(new Step(RestorePhase.ACCOUNTS, a, null, checker.create(a).sql(), null));
            }
        }
        for (DatabaseEntry d : catalogue.databases()) {
            if (scope.targets().containsKey(d.name())) {
                steps.add(new Step(RestorePhase.DATABASES, d, null, checker.create(d).sql(), null));
            }
        }
        List<SchemaObject> created = ordered(catalogue, scope);
        viewsComplete(catalogue, scope, created);
        for (SchemaObject o : created) {
            String target = scope.targets().get(catalogue.databaseOf(o).name());
            DefinitionChecker.Checked c = checker.create(o);
            others.addAll(c.otherImageDatabases());
            if (c.definer() != null && !c.definer().startsWith("CURRENT_")) {
                definers.computeIfAbsent(c.definer(), k -> new ArrayList<>()).add(catalogue.describe(o));
            }
            DefinitionContext ctx = context(o);
            RestorePhase phase = o.kind().phase();
            steps.add(new Step(phase, o, target, c.sql(), ctx));
            if (o instanceof SequenceEntry s) {
                steps.add(new Step(phase, o, target, "SELECT SETVAL(" + Identifiers.quote(target) + "."
                        + Identifiers.quote(s.name()) + ", " + s.nextValue() + ", 0, " + s.round() + ")", null));
            }
            if (c.madeDefinerSecurity()) {
                invokers.add(catalogue.describe(o));
            }
            if (o instanceof EventEntry e && e.status() != EventEntry.Status.DISABLED && !scope.trusted()) {
                disabledEvents.add("ALTER DEFINER=" + scope.definer() + " EVENT " + Identifiers.quote(target) + "."
                        + Identifiers.quote(e.name()) + " " + e.status().clause());
            } else if (o instanceof EventEntry e && e.status() != EventEntry.Status.DISABLED) {
                String definer = c.definer() == null || c.definer().startsWith("CURRENT_") ? "" : " DEFINER = " + c.definer();
                steps.add(new Step(RestorePhase.EVENT_STATUS, o, target, "ALTER" + definer + " EVENT "
                        + Identifiers.quote(target) + "." + Identifiers.quote(e.name()) + " " + e.status().clause(), ctx));
            }
        }
        if (accounts) {
            for (AccountEntry a : catalogue.accounts()) {
                for (String g : checker.grants(a)) {
                    steps.add(new Step(RestorePhase.GRANTS, a, null, g, null));
                }
            }
        }
        steps.sort(Comparator.comparing(Step::phase));
        return new RestorePlan(List.copyOf(steps), definers, others, scope, List.copyOf(disabledEvents), List.copyOf(invokers));
    }

    private static DefinitionContext context(SchemaObject o) {
        if (o instanceof ViewEntry v) {
            return v.context();
        }
        if (o instanceof TriggerEntry t) {
            return t.context();
        }
        if (o instanceof RoutineEntry r) {
            return r.context();
        }
        if (o instanceof EventEntry e) {
            return e.context();
        }
        return null;
    }

    /**
     * The objects of the restored databases in creation order: tables and objects in catalogue order, but views
     * after the views they name, package bodies after their packages, triggers by table, timing, event and action
     * order. A name matching another view in the body counts as a dependency; where that makes a cycle (a column
     * named like a view), the rest keep catalogue order.
     */
    private static List<SchemaObject> ordered(Catalogue catalogue, DefinitionChecker.Scope scope) {
        List<SchemaObject> out = new ArrayList<>();
        List<ViewEntry> views = new ArrayList<>();
        List<TriggerEntry> triggers = new ArrayList<>();
        List<SchemaObject> bodies = new ArrayList<>();
        for (TableEntry t : catalogue.tables()) {
            if (restored(catalogue, scope, t)) {
                out.add(t);
            }
        }
        for (SchemaObject o : catalogue.objects()) {
            if (!restored(catalogue, scope, o)) {
                continue;
            }
            if (o instanceof ViewEntry v) {
                views.add(v);
            } else if (o instanceof TriggerEntry t) {
                triggers.add(t);
            } else if (o.kind() == ObjectKind.PACKAGE_BODY) {
                bodies.add(o);
            } else {
                out.add(o);
            }
        }
        out.addAll(bodies);
        out.addAll(viewOrder(catalogue, views));
        triggers.sort(Comparator.comparing(TriggerEntry::database).thenComparing(TriggerEntry::table)
                .thenComparing(t -> t.timing().toUpperCase(Locale.ROOT)).thenComparing(t -> t.event().toUpperCase(Locale.ROOT))
                .thenComparing(TriggerEntry::order));
        out.addAll(triggers);
        return out;
    }

    private static boolean restored(Catalogue catalogue, DefinitionChecker.Scope scope, SchemaObject o) {
        return scope.creates(catalogue, o);
    }

    /** A view the restore creates must find what it reads: refused when that is an object the selection leaves out. */
    private static void viewsComplete(Catalogue catalogue, DefinitionChecker.Scope scope, List<SchemaObject> created) {
        Set<String> leftOut = new HashSet<>();
        catalogue.schemaObjects()
                .filter(o -> o.kind().inTableNamespace())
                .filter(o -> scope.targets().containsKey(catalogue.databaseOf(o).name()) && !scope.creates(catalogue, o))
                .forEach(o -> leftOut.add(catalogue.qualifiedName(o)));
        if (leftOut.isEmpty()) {
            return;
        }
        for (SchemaObject o : created) {
            if (o instanceof ViewEntry v) {
                SelectionCheck.leftOutRead(v, catalogue.databaseOf(v).name(), (db, name) -> leftOut.contains(Identifiers.quote(db) + "." + Identifiers.quote(name)))
                        .ifPresent(name -> {
                            throw new OnlineBackupException(Message.SELECTION_BREAKS_VIEW, catalogue.describe(v), name);
                        });
            }
        }
    }

    private static List<ViewEntry> viewOrder(Catalogue catalogue, List<ViewEntry> views) {
        Map<ViewEntry, Set<ViewEntry>> needs = new LinkedHashMap<>();
        for (ViewEntry v : views) {
            Set<ViewEntry> deps = new LinkedHashSet<>();
            List<Token> tokens;
            try {
                tokens = SqlLexer.tokenize(v.createStatement(), null);
            } catch (SqlSyntaxException e) {
                tokens = List.of();
            }
            String own = catalogue.databaseOf(v).name();
            for (int k = 0; k < tokens.size(); k++) {
                Token t = tokens.get(k);
                if (!t.isName()) {
                    continue;
                }
                boolean qualified = k >= 2 && tokens.get(k - 1).isSymbol(".") && tokens.get(k - 2).isName();
                String db = qualified ? tokens.get(k - 2).value() : own;
                for (ViewEntry w : views) {
                    if (w != v && w.name().equals(t.value()) && catalogue.databaseOf(w).name().equals(db)) {
                        deps.add(w);
                    }
                }
            }
            needs.put(v, deps);
        }
        List<ViewEntry> out = new ArrayList<>();
        while (!needs.isEmpty()) {
            ViewEntry ready = needs.entrySet().stream().filter(e -> out.containsAll(e.getValue())).map(Map.Entry::getKey)
                    .findFirst().orElse(needs.keySet().iterator().next());
            out.add(ready);
            needs.remove(ready);
        }
        return out;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The steps of one phase, in order. */
    public List<Step> steps(RestorePhase phase) {
        return steps.stream().filter(s -> s.phase() == phase).toList();
    }

    /** Each definer the statements name ({@code `u`@`h`}), with the objects that name it. */
    /** What the plan was made for: its targets, and whether the image is trusted (else the definer it binds to). */
    public DefinitionChecker.Scope scope() {
        return scope;
    }

    /**
     * An untrusted image's events that the source had enabled (or disabled on replicas): the statements that give
     * them their recorded status, for the operator to run once satisfied with what they do (naming the bound definer:
     * an ALTER EVENT without DEFINER makes whoever runs it the event's definer). Empty when trusted.
     */
    public List<String> disabledEvents() {
        return disabledEvents;
    }

    /**
     * How many views, triggers, routines and events of an untrusted image run as the scope's definer: 0 for a trusted
     * image, and for one of tables and sequences only, which needs no definer.
     */
    public long boundToDefiner() {
        return scope.trusted() ? 0 : steps.stream().filter(s -> s.phase() != RestorePhase.EVENT_STATUS
                && s.entry() instanceof SchemaObject o && o.kind() != ObjectKind.TABLE && o.kind() != ObjectKind.SEQUENCE).count();
    }

    /** The objects of an untrusted image whose SQL SECURITY INVOKER was made DEFINER. */
    public List<String> madeDefinerSecurity() {
        return madeDefinerSecurity;
    }

    public Map<String, List<String>> definers() {
        return definers;
    }

    /** Databases of the image that this restore does not create but that definitions read. */
    public Set<String> otherImageDatabases() {
        return otherImageDatabases;
    }

    /**
     * The collations and character sets the restored objects use, each with one object that uses it: the
     * databases', the columns', those the statements name, and those of the sessions definitions were created in.
     */
    public static Map<String, String> collations(Catalogue catalogue, RestorePlan plan) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Step s : plan.steps) {
            String what = catalogue.describe(s.entry());
            if (s.entry() instanceof DatabaseEntry d) {
                out.putIfAbsent("collation " + d.collation(), what);
            }
            if (s.entry() instanceof TableEntry t) {
                for (ColumnEntry c : t.dataColumns()) {
                    if (c.collation() != null) {
                        out.putIfAbsent("collation " + c.collation(), what);
                    }
                }
            }
            if (s.context() != null) {
                if (s.context().collationConnection() != null) {
                    out.putIfAbsent("collation " + s.context().collationConnection(), what);
                }
                if (s.context().databaseCollation() != null) {
                    out.putIfAbsent("collation " + s.context().databaseCollation(), what);
                }
                if (s.context().characterSetClient() != null) {
                    out.putIfAbsent("character set " + s.context().characterSetClient(), what);
                }
            }
            named(s.sql(), s.context() == null ? null : s.context().sqlMode(), what, out);
        }
        return out;
    }

    private static void named(String sql, String sqlMode, String what, Map<String, String> out) {
        List<Token> t;
        try {
            t = SqlLexer.tokenize(sql, sqlMode);
        } catch (SqlSyntaxException e) {
            return;
        }
        for (int k = 0; k + 1 < t.size(); k++) {
            String kind = null;
            int at = k + 1;
            if (t.get(k).is("COLLATE")) {
                kind = "collation ";
            } else if (t.get(k).is("CHARSET")) {
                kind = "character set ";
            } else if (t.get(k).is("CHARACTER") && t.get(k + 1).is("SET")) {
                kind = "character set ";
                at = k + 2;
            }
            if (kind == null || at >= t.size()) {
                continue;
            }
            if (t.get(at).isSymbol("=") && at + 1 < t.size()) {
                at++;
            }
            Token name = t.get(at);
            if (name.isName() || name.type() == Token.Type.STRING) {
                out.putIfAbsent(kind + name.value().toLowerCase(Locale.ROOT), what);
            }
        }
    }
}
