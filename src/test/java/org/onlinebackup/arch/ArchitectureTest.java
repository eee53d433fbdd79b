package org.onlinebackup.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of ARCHITECTURE.md: dependencies point inwards, and the image needs no server. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.onlinebackup");

    @Test
    void theImageIsReadWithoutAServer() {
        noClasses().that().resideInAPackage("org.onlinebackup.image..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.mariadb..",
                        "org.onlinebackup.connect..", "org.onlinebackup.driver..", "org.onlinebackup.job..")
                .because("an image must be readable and verifiable without a server: move server code to driver/ or catalogue/")
                .check(CLASSES);
    }

    @Test
    void aBackupRepositoryIsListedWithoutAServerOrAJob() {
        noClasses().that().resideInAPackage("org.onlinebackup.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.mariadb..",
                        "org.onlinebackup.connect..", "org.onlinebackup.driver..", "org.onlinebackup.job..",
                        "org.onlinebackup.repository..", "jakarta.batch..", "org.jberet..")
                .because("info --repo and the choice of an image need no server and no job: the repository's files and the"
                        + " images' own records only")
                .check(CLASSES);
    }

    @Test
    void theArchiveFormatNeedsNoServer() {
        noClasses().that().resideInAPackage("org.onlinebackup.archive")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.mariadb..",
                        "com.github.shyiko..", "org.onlinebackup.connect..", "org.onlinebackup.job..",
                        "jakarta.batch..", "org.jberet..")
                .because("an archive's segments are read and listed without a server: the replication client belongs in"
                        + " archive/server and connect/")
                .check(CLASSES);
    }

    @Test
    void theCatalogueModelAndItsCheckerNeedNoServer() {
        noClasses().that().resideInAnyPackage("org.onlinebackup.catalogue", "org.onlinebackup.catalogue.sql")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.mariadb..",
                        "org.onlinebackup.connect..", "org.onlinebackup.catalogue.server..")
                .because("the catalogue model and the definition checker must work without a server (verify, list):"
                        + " put JDBC code in catalogue/server")
                .check(CLASSES);
    }

    @Test
    void onlyJobsAndRuntimesKnowTheBatchRuntime() {
        noClasses().that().resideInAnyPackage("org.onlinebackup.image..", "org.onlinebackup.catalogue..",
                        "org.onlinebackup.driver..", "org.onlinebackup.lock..", "org.onlinebackup.connect..",
                        "org.onlinebackup.feedback..", "org.onlinebackup.history..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.batch..", "org.jberet..")
                .because("drivers, catalogue and image must work outside JBeret: put batch code in job/ or runtime/")
                .check(CLASSES);
    }

    @Test
    void innerLayersDoNotReachOutwards() {
        noClasses().that().resideOutsideOfPackages("org.onlinebackup.cli..", "org.onlinebackup.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("org.onlinebackup.cli..", "org.onlinebackup.runtime..")
                .because("cli/ and runtime/ start jobs; nothing below them may depend on how a job was started")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.onlinebackup.driver..", "org.onlinebackup.catalogue..",
                        "org.onlinebackup.image..")
                .should().dependOnClassesThat().resideInAPackage("org.onlinebackup.job..")
                .because("job/ composes drivers, catalogue and image, not the other way round")
                .check(CLASSES);
    }
}
