package org.onlinebackup.runtime.se;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.jberet.operations.JobOperatorImpl;
import org.jberet.repository.JdbcRepository;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.se.BatchSEEnvironment;
import org.jboss.weld.bootstrap.api.helpers.RegistrySingletonProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.job.common.JobParams;

/**
 * The batch runtime of a Java SE process: Weld SE for the batch artifacts, JBeret SE with a bounded thread pool,
 * and a durable JDBC job repository in its own schema on a MariaDB server, so that another process can see, stop
 * and restart the jobs this one started.
 */
public final class SeBatchRuntime implements AutoCloseable {
    public static final String DEFAULT_REPOSITORY_SCHEMA = JobParams.DEFAULT_REPOSITORY_SCHEMA;

    private static final Set<BatchStatus> ENDED =
            EnumSet.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);

    private static SeBatchRuntime current;

    private final WeldContainer weld;
    private final JobOperatorImpl operator;
    private final String key;
    private final DataSource repositoryConnections;

    private SeBatchRuntime(WeldContainer weld, JobOperatorImpl operator, String key, DataSource repositoryConnections) {
        this.repositoryConnections = repositoryConnections;
        this.weld = weld;
        this.operator = operator;
        this.key = key;
    }

    /**
     * The runtime whose repository is schema {@code schema} of the server at {@code address}, whose password must
     * already be registered. One runtime per process and repository: asking again for the same one returns it.
     */
    public static synchronized SeBatchRuntime start(ServerAddress address, String schema) {
        String key = address.credentialKey() + "/" + schema;
        if (current != null && current.key.equals(key)) {
            return current;
        }
        try (Connection c = ServerConnections.open(address)) {
            ServerConnections.createDatabaseIfMissing(c, schema);
        } catch (SQLException e) {
            throw ServerConnections.classify(e, address, "creating the job repository schema " + schema);
        }
        if (current != null) {
            current.close();
        }
        WeldContainer weld = WeldContainer.instance(RegistrySingletonProvider.STATIC_INSTANCE);
        if (weld == null) {
            weld = new Weld(RegistrySingletonProvider.STATIC_INSTANCE)
                    .property(Weld.SHUTDOWN_HOOK_SYSTEM_PROPERTY, false)
                    .initialize();
        }
        BatchSEEnvironment se = new BatchSEEnvironment();
        Properties props = new Properties();
        props.putAll(se.getBatchConfigurationProperties());
        // The product name MariaDB's driver reports is not recognised by every JBeret release: name the DDL.
        props.setProperty(JdbcRepository.DDL_FILE_NAME_KEY, "sql/jberet-mysql.ddl");
        // JBeret takes a connection for every checkpoint it records: pooled, not a new login each time (a backup
        // of the standard dataset opened a thousand)
        DataSource connections = ServerConnections.pooledDataSource(address, schema, 8);
        JdbcRepository repository = new JdbcRepository(connections, props);
        current = new SeBatchRuntime(weld, new JobOperatorImpl(new RepositoryEnvironment(se, repository)), key, connections);
        return current;
    }

    public JobOperator operator() {
        return operator;
    }

    /**
     * Waits until the execution has ended, its job listeners included, and returns it. JBeret gives an execution
     * its final batch status before the job listeners' {@code afterJob}, which sets the exit status and cleans up:
     * an execution of this process is awaited on its termination latch; one of another process until the
     * repository records its end time.
     */
    public JobExecution await(long executionId, Duration poll) throws InterruptedException {
        JobExecution e = operator.getJobExecution(executionId);
        if (e instanceof JobExecutionImpl local) {
            local.awaitTermination(0, TimeUnit.SECONDS);
            return operator.getJobExecution(executionId);
        }
        while (!ENDED.contains(e.getBatchStatus()) || e.getEndTime() == null) {
            Thread.sleep(poll.toMillis());
            e = operator.getJobExecution(executionId);
        }
        return e;
    }

    /** Closes the runtime of this process, if any. */
    public static synchronized void shutdown() {
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() {
        synchronized (SeBatchRuntime.class) {
            closeLocked();
        }
    }

    private void closeLocked() {
        if (current == this) {
            current = null;
        }
        if (weld.isRunning()) {
            weld.shutdown();
        }
        if (repositoryConnections instanceof AutoCloseable pool) {
            // Connector/J's pool waits up to 10 s for its connection-making thread when closed: a process that is
            // exiting does not wait for that, the connections go with it
            Thread closer = new Thread(() -> {
                try {
                    pool.close();
                } catch (Exception e) {
                    // idle connections of a runtime that is going away: nothing to report
                }
            }, "online-backup-repository-close");
            closer.setDaemon(true);
            closer.start();
        }
    }
}
