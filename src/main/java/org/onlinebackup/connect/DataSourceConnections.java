package org.onlinebackup.connect;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.Driver;

/**
 * Connections of an application server's JNDI data source, as the operation's own. A pooled connection would carry
 * what an operation leaves in its session (a user lock, a snapshot, {@code BACKUP STAGE}, session variables) to
 * whoever takes it next, and closing one under the pool makes the pool log a warning with a stack trace for each.
 * So the data source only says where and as whom: the pooled connection's configuration (URL, account, password, as
 * the administrator set them) opens a new physical connection of the driver's, and the pooled one goes back to the
 * pool untouched. The operation's connection ends whole when it is closed, and the pool never sees it.
 */
final class DataSourceConnections {
    private DataSourceConnections() {
    }

    static DataSource lookup(String jndiName) throws SQLException {
        try {
            return (DataSource) new InitialContext().lookup(jndiName);
        } catch (NamingException | ClassCastException e) {
            throw new SQLException("no data source " + jndiName + " in JNDI: " + e.getMessage(), "08001", e);
        }
    }

    /** A physical connection of its own to the server of {@code jndiName}, on {@code database} when not null. */
    static Connection open(String jndiName, String database) throws SQLException {
        Configuration conf;
        try (Connection pooled = lookup(jndiName).getConnection()) {
            if (!pooled.isWrapperFor(org.mariadb.jdbc.Connection.class)) {
                throw new SQLException("data source " + jndiName + " is not one of MariaDB Connector/J (org.mariadb.jdbc):"
                        + " give it the driver of the module org.mariadb.jdbc", "08001");
            }
            conf = pooled.unwrap(org.mariadb.jdbc.Connection.class).getContext().getConf();
        }
        Connection c = Driver.connect(conf);
        if (database != null) {
            try {
                c.setCatalog(database);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** A data source whose connections are those of {@link #open}, on {@code database}. */
    static DataSource dataSource(String jndiName, String database) {
        return (DataSource) Proxy.newProxyInstance(DataSourceConnections.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return open(jndiName, database);
                    }
                    try {
                        return method.invoke(lookup(jndiName), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
