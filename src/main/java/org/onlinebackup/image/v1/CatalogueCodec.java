package org.onlinebackup.image.v1;

import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;

/** Encodes and decodes the body of the catalogue record. */
public final class CatalogueCodec {
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
                    .string(t.createStatement()).varint(t.columns().size());
            for (ColumnEntry col : t.columns()) {
                s.string(col.name()).string(col.dataType()).string(col.columnType())
                        .string(col.charset()).string(col.collation()).u8(col.inData() ? 1 : 0);
            }
        }
        return s;
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
            String driver = src.string("snapshot driver");
            int data = src.u8("snapshot data flag");
            if (data > 1) {
                throw new MalformedImageException(src.offset() - 1, "snapshot data flag is " + data);
            }
            snaps.add(new SnapshotEntry(driver, data == 1));
        }
        int tableCount = src.count("table count", src.remaining());
        List<TableEntry> tables = new ArrayList<>(tableCount);
        for (int i = 0; i < tableCount; i++) {
            long at = src.offset();
            int db = src.count("table database", dbCount - 1);
            String name = src.string("table name");
            String engine = src.string("table engine");
            int snap = src.count("table snapshot", snapCount - 1);
            String create = src.string("CREATE TABLE statement");
            int colCount = src.count("column count", src.remaining());
            List<ColumnEntry> cols = new ArrayList<>(colCount);
            for (int k = 0; k < colCount; k++) {
                String colName = src.string("column name");
                String dataType = src.string("column data type");
                String colType = src.string("column type");
                String cs = src.string("column charset");
                String coll = src.string("column collation");
                int inData = src.u8("column in-data flag");
                if (inData > 1) {
                    throw new MalformedImageException(src.offset() - 1, "column in-data flag is " + inData);
                }
                cols.add(new ColumnEntry(colName, dataType, colType, cs.isEmpty() ? null : cs,
                        coll.isEmpty() ? null : coll, inData == 1));
            }
            if (colCount == 0) {
                throw new MalformedImageException(at, "table " + name + " has no columns");
            }
            tables.add(new TableEntry(i, db, name, engine, snap, create, cols));
        }
        src.expectEnd("catalogue");
        return new Catalogue(dbs, snaps, tables);
    }
}
