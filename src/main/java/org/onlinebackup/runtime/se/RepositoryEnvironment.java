package org.onlinebackup.runtime.se;

import java.util.Properties;

import jakarta.transaction.TransactionManager;

import org.jberet.repository.JobRepository;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;

/**
 * JBeret's Java SE environment (thread pool from {@code jberet.properties}, Weld artifacts, job XML from
 * {@code META-INF/batch-jobs}) with a job repository of our choosing: this is the seam between Java SE and an
 * application server, where WildFly gives its own environment.
 */
final class RepositoryEnvironment implements BatchEnvironment {
    private final BatchEnvironment se;
    private final JobRepository repository;

    RepositoryEnvironment(BatchEnvironment se, JobRepository repository) {
        this.se = se;
        this.repository = repository;
    }

    @Override
    public ClassLoader getClassLoader() {
        return se.getClassLoader();
    }

    @Override
    public ArtifactFactory getArtifactFactory() {
        return se.getArtifactFactory();
    }

    @Override
    public void submitTask(JobTask task) {
        se.submitTask(task);
    }

    @Override
    public TransactionManager getTransactionManager() {
        return se.getTransactionManager();
    }

    @Override
    public JobRepository getJobRepository() {
        return repository;
    }

    @Override
    public JobXmlResolver getJobXmlResolver() {
        return se.getJobXmlResolver();
    }

    @Override
    public Properties getBatchConfigurationProperties() {
        return se.getBatchConfigurationProperties();
    }

    @Override
    public String getApplicationName() {
        return se.getApplicationName();
    }
}
