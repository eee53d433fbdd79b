package org.onlinebackup.repository;

import java.sql.SQLException;

/** The two kinds of database a repository lives in, and the few places where their SQL differs. */
public enum Dialect {
    /** The embedded repository: one SQLite file. */
    SQLITE("org.hibernate.community.dialect.SQLiteDialect", "sql/jberet-sqlite.ddl"),
    /** A shared repository: a database on a MariaDB (or MySQL) server. */
    MARIADB(null, "sql/jberet-mysql.ddl");

    private final String hibernateDialect;
    private final String jberetDdl;

    Dialect(String hibernateDialect, String jberetDdl) {
        this.hibernateDialect = hibernateDialect;
        this.jberetDdl = jberetDdl;
    }

    /** Hibernate's dialect class, or null where Hibernate finds it from the connection. */
    public String hibernateDialect() {
        return hibernateDialect;
    }

    /** The resource holding JBeret's tables for this database, statements separated by {@code !!}. */
    public String jberetDdl() {
        return jberetDdl;
    }

    /** {@code INSERT} that skips a row whose key exists already. */
    public String insertIgnore() {
        return this == SQLITE ? "INSERT OR IGNORE" : "INSERT IGNORE";
    }

    /** Whether the statement failed because the row's key exists already. */
    public boolean duplicateKey(SQLException e) {
        // SQLite: SQLITE_CONSTRAINT, the only constraint the repository's inserts can break being the key
        return this == SQLITE ? e.getErrorCode() == 19 : e.getErrorCode() == 1062;
    }

    /** The clause that ends a CREATE TABLE: MariaDB's engine, character set and comment; nothing for SQLite. */
    public String tableOptions(String comment) {
        return this == SQLITE ? "" : " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT '" + comment + "'";
    }

    /** A column holding a UTC time to the microsecond. */
    public String time() {
        return this == SQLITE ? "TIMESTAMP" : "DATETIME(6)";
    }
}
