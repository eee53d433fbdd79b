package org.onlinebackup.runtime.se;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

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
import org.onlinebackup.repository.Repository;

/**
 * The batch runtime of a Java SE process: Weld SE for the batch artifacts, JBeret SE with a bounded thread pool,
 * and a durable JDBC job repository in the {@link Repository} (never the server being backed up, unless the user
 * names it), so that another process can see, stop and restart the jobs this one started.
 */
public final class SeBatchRuntime implements AutoCloseable {
    private static final Set<BatchStatus> ENDED =
            EnumSet.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);

    private static SeBatchRuntime current;
    /** The CDI container being started ahead by {@link #prepare}, or null. */
    private static FutureTask<WeldContainer> weldStarting;

    private final WeldContainer weld;
    private final JobOperatorImpl operator;
    private final String key;
    private final Repository repository;

    private SeBatchRuntime(WeldContainer weld, JobOperatorImpl operator, String key, Repository repository) {
        this.repository = repository;
        this.weld = weld;
        this.operator = operator;
        this.key = key;
    }

    /**
     * The runtime whose job repository is {@code repository} (for a server's, its password registered already). One
     * runtime per process and repository: asking again for the same one returns it.
     */
    public static synchronized SeBatchRuntime start(Repository.Location location) {
        String key = location.text();
        if (current != null && current.key.equals(key)) {
            return current;
        }
        Repository repository = Repository.open(location);
        if (current != null) {
            current.close();
        }
        WeldContainer weld = weld();
        BatchSEEnvironment se = new BatchSEEnvironment();
        Properties props = new Properties();
        props.putAll(se.getBatchConfigurationProperties());
        // the repository made JBeret's tables already; the name says which DDL they follow
        props.setProperty(JdbcRepository.DDL_FILE_NAME_KEY, repository.dialect().jberetDdl());
        JdbcRepository jobs = new JdbcRepository(repository.dataSource(), props);
        current = new SeBatchRuntime(weld, new JobOperatorImpl(new RepositoryEnvironment(se, jobs)), key, repository);
        return current;
    }

    /**
     * Starts the CDI container on a thread of its own, so that what a command does before it starts its job (its
     * checks on the server, the repository) overlaps the container's start; {@link #start} then takes it. A failure
     * there is {@link #start}'s to report.
     */
    public static synchronized void prepare() {
        if (weldStarting != null || WeldContainer.instance(RegistrySingletonProvider.STATIC_INSTANCE) != null) {
            return;
        }
        weldStarting = new FutureTask<>(SeBatchRuntime::newWeld);
        Thread t = new Thread(weldStarting, "online-backup-cdi-start");
        t.setDaemon(true);
        t.start();
    }

    private static WeldContainer weld() {
        FutureTask<WeldContainer> starting = weldStarting;
        weldStarting = null;
        if (starting != null) {
            try {
                return starting.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the CDI container started", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        WeldContainer running = WeldContainer.instance(RegistrySingletonProvider.STATIC_INSTANCE);
        return running != null ? running : newWeld();
    }

    private static WeldContainer newWeld() {
        // beans.xml is ours and fixed: checking it against its schema took a tenth of the container's start
        return new Weld(RegistrySingletonProvider.STATIC_INSTANCE).property(Weld.SHUTDOWN_HOOK_SYSTEM_PROPERTY, false)
                .property("org.jboss.weld.xml.disableValidating", true)
                .initialize();
    }

    /** Where the jobs of this runtime are kept. */
    public Repository repository() {
        return repository;
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

    /** Whether this process has started its runtime (and so loaded the classes of a job). */
    public static synchronized boolean started() {
        return current != null;
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
        // the repository stays open: the process's other users of it (history, ledger) share it
    }
}
