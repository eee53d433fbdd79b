package org.onlinebackup.image.v3;

import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.DefinitionContext;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.RoutineEntry;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.catalogue.ViewEntry;

/** Encodes and decodes the body of the catalogue record (grammar in {@code package-info.java}). */
public final class CatalogueCodec {
    private static final byte SEQUENCE = 'S';
    private static final byte VIEW = 'V';
    private static final byte TRIGGER = 'T';
    private static final byte PROCEDURE = 'P';
    private static final byte FUNCTION = 'F';
    private static final byte PACKAGE = 'K';
    private static final byte PACKAGE_BODY = 'B';
    private static final byte EVENT = 'E';

    private CatalogueCodec() {
    }

    public static ByteSink encode(Catalogue c) {
        ByteSink s = new ByteSink(4096);
        s.varint(c.databases().size());
        for (DatabaseEntry d : c.databases()) {
            s.string(d.name()).string(d.charset()).string(d.collation()).string(d.createStatement());
        }
        s.varint(c.snapshots().size());
        for (SnapshotEntry sn : c.snapshots()) {
            s.string(sn.driver()).u8(sn.data() ? 1 : 0);
        }
        s.varint(c.tables().size());
        for (TableEntry t : c.tables()) {
            s.varint(t.database()).string(t.name()).string(t.engine()).varint(t.snapshot())
                    .string(t.createStatement()).u8(t.versioning().ordinal()).varint(t.columns().size());
            for (ColumnEntry col : t.columns()) {
                s.string(col.name()).string(col.dataType()).string(col.columnType())
                        .string(col.charset()).string(col.collation()).u8((col.inData() ? 1 : 0) | col.role().ordinal() << 1);
            }
        }
        s.varint(c.objects().size());
        for (SchemaObject o : c.objects()) {
            s.u8(code(o.kind())).varint(o.database()).string(o.name()).string(o.createStatement());
            if (o instanceof SequenceEntry q) {
                s.u64(q.nextValue()).u64(q.round());
            } else if (o instanceof ViewEntry v) {
                context(s, v.context());
            } else if (o instanceof TriggerEntry tr) {
                context(s.string(tr.table()).string(tr.timing()).string(tr.event()).varint(tr.order()), tr.context());
            } else if (o instanceof RoutineEntry r) {
                context(s, r.context());
            } else if (o instanceof EventEntry e) {
                context(s.u8(e.status().ordinal()), e.context());
            }
        }
        s.varint(c.accounts().size());
        for (AccountEntry a : c.accounts()) {
            s.string(a.user()).string(a.host()).u8(a.role() ? 1 : 0).string(a.createStatement()).varint(a.grants().size());
            for (String g : a.grants()) {
                s.string(g);
            }
        }
        s.varint(c.notes().size());
        for (String n : c.notes()) {
            s.string(n);
        }
        Selection sel = c.selection();
        for (List<String> patterns : List.of(sel.tables(), sel.excludeTables(), sel.excludeDatabases())) {
            s.varint(patterns.size());
            for (String pattern : patterns) {
                s.string(pattern);
            }
        }
        s.u8(sel.noData() ? 1 : 0);
        return s;
    }

    private static int code(ObjectKind kind) {
        return switch (kind) {
            case SEQUENCE -> SEQUENCE;
            case VIEW -> VIEW;
            case TRIGGER -> TRIGGER;
            case PROCEDURE -> PROCEDURE;
            case FUNCTION -> FUNCTION;
            case PACKAGE -> PACKAGE;
            case PACKAGE_BODY -> PACKAGE_BODY;
            case EVENT -> EVENT;
            default -> throw new IllegalArgumentException(kind.noun() + " is not among the other objects");
        };
    }

    /** A context: a mask of the fields present (bit 0 sql_mode ... bit 4 time zone), then those fields. */
    private static void context(ByteSink s, DefinitionContext c) {
        String[] f = {c.sqlMode(), c.characterSetClient(), c.collationConnection(), c.databaseCollation(), c.timeZone()};
        int mask = 0;
        for (int i = 0; i < f.length; i++) {
            mask |= f[i] == null ? 0 : 1 << i;
        }
        s.u8(mask);
        for (String v : f) {
            if (v != null) {
                s.string(v);
            }
        }
    }

    public static Catalogue decode(ByteSource src) {
        int dbCount = src.count("database count", src.remaining());
        List<DatabaseEntry> dbs = new ArrayList<>(dbCount);
        for (int i = 0; i < dbCount; i++) {
            dbs.add(new DatabaseEntry(src.string("database name"), src.string("database charset"),
                    src.string("database collation"), src.string("CREATE DATABASE statement")));
        }
        int snapCount = src.count("snapshot count", src.remaining());
        List<SnapshotEntry> snaps = new ArrayList<>(snapCount);
        for (int i = 0; i < snapCount; i++) {
            snaps.add(new SnapshotEntry(src.string("snapshot driver"), flag(src, "snapshot data flag")));
        }
        int tableCount = src.count("table count", src.remaining());
        List<TableEntry> tables = new ArrayList<>(tableCount);
        for (int i = 0; i < tableCount; i++) {
            tables.add(table(src, i, dbCount, snapCount));
        }
        int objectCount = src.count("object count", src.remaining());
        List<SchemaObject> objects = new ArrayList<>(objectCount);
        for (int i = 0; i < objectCount; i++) {
            objects.add(object(src, dbCount));
        }
        int accountCount = src.count("account count", src.remaining());
        List<AccountEntry> accounts = new ArrayList<>(accountCount);
        for (int i = 0; i < accountCount; i++) {
            String user = src.string("account user");
            String host = src.string("account host");
            boolean role = flag(src, "account role flag");
            String create = src.string("CREATE USER statement");
            int grantCount = src.count("grant count", src.remaining());
            List<String> grants = new ArrayList<>(grantCount);
            for (int g = 0; g < grantCount; g++) {
                grants.add(src.string("GRANT statement"));
            }
            accounts.add(new AccountEntry(user, host, role, create, grants));
        }
        int noteCount = src.count("note count", src.remaining());
        List<String> notes = new ArrayList<>(noteCount);
        for (int i = 0; i < noteCount; i++) {
            notes.add(src.string("note"));
        }
        Selection selection = src.remaining() == 0 ? Selection.EVERYTHING : selection(src);
        src.expectEnd("catalogue");
        return new Catalogue(dbs, snaps, tables, objects, accounts, notes, selection);
    }

    /** The selection; an older image has none, and holds whole databases. */
    private static Selection selection(ByteSource src) {
        long at = src.offset();
        List<List<String>> lists = new ArrayList<>();
        for (String what : List.of("table pattern", "excluded table pattern", "excluded database pattern")) {
            int n = src.count(what + " count", src.remaining());
            List<String> patterns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                patterns.add(src.string(what));
            }
            lists.add(patterns);
        }
        boolean noData = flag(src, "no-data flag");
        try {
            return new Selection(lists.get(0), lists.get(1), lists.get(2), noData);
        } catch (IllegalArgumentException e) {
            throw new MalformedImageException(at, "selection: " + e.getMessage());
        }
    }

    private static TableEntry table(ByteSource src, int number, int dbCount, int snapCount) {
        long at = src.offset();
        int db = src.count("table database", dbCount - 1);
        String name = src.string("table name");
        String engine = src.string("table engine");
        int snap = src.count("table snapshot", snapCount - 1);
        String create = src.string("CREATE TABLE statement");
        int versioning = src.count("table versioning", TableEntry.Versioning.values().length - 1);
        int colCount = src.count("column count", src.remaining());
        List<ColumnEntry> cols = new ArrayList<>(colCount);
        for (int k = 0; k < colCount; k++) {
            String colName = src.string("column name");
            String dataType = src.string("column data type");
            String colType = src.string("column type");
            String cs = src.string("column charset");
            String coll = src.string("column collation");
            long flagsAt = src.offset();
            int flags = src.u8("column flags");
            if (flags >> 1 >= ColumnEntry.Role.values().length) {
                throw new MalformedImageException(flagsAt, "column flags " + flags);
            }
            cols.add(new ColumnEntry(colName, dataType, colType, cs.isEmpty() ? null : cs,
                    coll.isEmpty() ? null : coll, (flags & 1) == 1, ColumnEntry.Role.values()[flags >> 1]));
        }
        if (colCount == 0) {
            throw new MalformedImageException(at, "table " + name + " has no columns");
        }
        return new TableEntry(number, db, name, engine, snap, create, cols, TableEntry.Versioning.values()[versioning]);
    }

    private static SchemaObject object(ByteSource src, int dbCount) {
        long at = src.offset();
        int code = src.u8("object kind");
        int db = src.count("object database", dbCount - 1);
        String name = src.string("object name");
        String create = src.string("CREATE statement");
        return switch (code) {
            case SEQUENCE -> new SequenceEntry(db, name, create, (long) src.u64("sequence next value"), src.u64("sequence round"));
            case VIEW -> new ViewEntry(db, name, create, context(src));
            case TRIGGER -> new TriggerEntry(db, name, src.string("trigger table"), src.string("trigger timing"),
                    src.string("trigger event"), src.count("trigger order", Integer.MAX_VALUE), create, context(src));
            case PROCEDURE -> new RoutineEntry(ObjectKind.PROCEDURE, db, name, create, context(src));
            case FUNCTION -> new RoutineEntry(ObjectKind.FUNCTION, db, name, create, context(src));
            case PACKAGE -> new RoutineEntry(ObjectKind.PACKAGE, db, name, create, context(src));
            case PACKAGE_BODY -> new RoutineEntry(ObjectKind.PACKAGE_BODY, db, name, create, context(src));
            case EVENT -> {
                int status = src.count("event status", EventEntry.Status.values().length - 1);
                yield new EventEntry(db, name, create, EventEntry.Status.values()[status], context(src));
            }
            default -> throw new MalformedImageException(at, "unknown object kind " + code);
        };
    }

    private static DefinitionContext context(ByteSource src) {
        long at = src.offset();
        int mask = src.u8("context fields");
        if (mask > 0x1F) {
            throw new MalformedImageException(at, "unknown context fields " + mask);
        }
        String[] names = {"sql_mode", "character_set_client", "collation_connection", "database collation", "time zone"};
        String[] f = new String[names.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (mask & (1 << i)) == 0 ? null : src.string(names[i]);
        }
        return new DefinitionContext(f[0], f[1], f[2], f[3], f[4]);
    }

    private static boolean flag(ByteSource src, String what) {
        int v = src.u8(what);
        if (v > 1) {
            throw new MalformedImageException(src.offset() - 1, what + " is " + v);
        }
        return v == 1;
    }
}
