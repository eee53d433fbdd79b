package org.onlinebackup.connect;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Connections from an application server's JNDI data source, as the operation's own: each one is a physical
 * connection that ends with it. A pooled connection would carry what an operation leaves in its session (a user
 * lock, a snapshot, {@code BACKUP STAGE}, session variables) to whoever takes it next; so closing one closes the
 * physical connection under the pool's handle too, then uses the handle once, so that the pool's exception sorter
 * marks the connection broken and the pool destroys it (its validation on match would find it closed too).
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

    /** A connection of {@code jndiName}, on {@code database} when not null, that ends its physical connection on close. */
    static Connection open(String jndiName, String database) throws SQLException {
        Connection handle = lookup(jndiName).getConnection();
        if (database != null) {
            handle.setCatalog(database);
        }
        Connection physical = handle.isWrapperFor(org.mariadb.jdbc.Connection.class)
                ? handle.unwrap(org.mariadb.jdbc.Connection.class) : handle;
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (physical != handle) {
                    try {
                        physical.close();
                    } catch (SQLException ignored) {
                        // already gone
                    }
                    try (Statement s = handle.createStatement()) {
                        s.execute("DO 0");
                    } catch (SQLException expected) {
                        // the pool hears of the closed connection through its exception sorter, and destroys it
                    }
                }
                handle.close();
                return null;
            }
            try {
                return method.invoke(handle, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(DataSourceConnections.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    /** A data source whose connections are those of {@link #open}, on {@code database}. */
    static DataSource dataSource(String jndiName, String database) {
        return (DataSource) Proxy.newProxyInstance(DataSourceConnections.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
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
