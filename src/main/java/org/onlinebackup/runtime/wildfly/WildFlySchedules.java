package org.onlinebackup.runtime.wildfly;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.repository.Repository;
import org.onlinebackup.schedule.JdbcFirings;
import org.onlinebackup.schedule.OperatorLauncher;
import org.onlinebackup.schedule.Schedule;
import org.onlinebackup.schedule.ScheduleFile;
import org.onlinebackup.schedule.Scheduler;

/**
 * Scheduled batch windows in WildFly: when the system property {@code obk.schedules} names a schedule file (see
 * {@link Schedule}), the deployment ticks a {@link Scheduler} every half second on the server's managed scheduled
 * executor, starts, stops and restarts jobs through the deployment's JobOperator, and claims each firing in the
 * repository {@code obk.repository} (the data source java:jboss/datasources/ObkRepository by default), which every
 * job it starts is given too. The data source {@code obk.schedule.dataSource} (java:jboss/datasources/ObkTarget by
 * default) is the server of a schedule that names no {@code dataSource}. The file is read again when it changes. The node is {@code jboss.node.name}.
 */
@ApplicationScoped
public class WildFlySchedules {
    private static final Logger LOG = Logger.getLogger(WildFlySchedules.class.getName());

    private ScheduledFuture<?> ticking;

    void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
        String file = System.getProperty("obk.schedules");
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = Path.of(file);
        String dataSource = System.getProperty("obk.schedule.dataSource", "java:jboss/datasources/ObkTarget");
        String node = System.getProperty("jboss.node.name", "wildfly");
        String repository = System.getProperty("obk.repository", JobParams.DEFAULT_SERVER_REPOSITORY);
        JobOperator jobs = BatchRuntime.getJobOperator();
        ClassLoader deployment = Thread.currentThread().getContextClassLoader();
        // a schedule that names no data source backs up (or restores to) the server of the scheduler's own
        Scheduler scheduler = new Scheduler(new ScheduleFile(path), new OperatorLauncher(jobs, parameters -> {
                    if (parameters.getProperty(JobParams.DATA_SOURCE, "").isBlank()) {
                        parameters.setProperty(JobParams.DATA_SOURCE, dataSource);
                    }
                    if (parameters.getProperty(JobParams.REPOSITORY, "").isBlank()) {
                        parameters.setProperty(JobParams.REPOSITORY, repository);
                    }
                }),
                new JdbcFirings(Repository.open(Repository.Location.parse(repository))), node);
        try {
            ManagedScheduledExecutorService executor = (ManagedScheduledExecutorService)
                    new InitialContext().lookup("java:comp/DefaultManagedScheduledExecutorService");
            ticking = executor.scheduleWithFixedDelay(() -> {
                ClassLoader was = Thread.currentThread().getContextClassLoader();
                Thread.currentThread().setContextClassLoader(deployment);
                try {
                    scheduler.tick(LocalDateTime.now());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "scheduled windows: " + e.getMessage(), e);
                } finally {
                    Thread.currentThread().setContextClassLoader(was);
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            LOG.info("scheduled windows of " + path + " on node " + node + ", firings claimed in " + repository);
        } catch (NamingException e) {
            LOG.log(Level.SEVERE, "scheduled windows: no managed scheduled executor: " + e.getMessage(), e);
        }
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object end) {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
