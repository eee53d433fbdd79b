package org.onlinebackup.testing;

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
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.catalogue.ViewEntry;

/** Catalogues for tests that need no server. */
public final class Catalogues {
    private static final DefinitionContext PROGRAM = new DefinitionContext("STRICT_TRANS_TABLES", "utf8mb4",
            "utf8mb4_general_ci", "utf8mb4_general_ci", null);

    private Catalogues() {
    }

    /** One database with a table and an object of every other kind, an account and a note. */
    public static Catalogue everyKind() {
        List<ColumnEntry> cols = List.of(new ColumnEntry("id", "int", "int(11)", null, null, true),
                new ColumnEntry("v", "varchar", "varchar(10)", "utf8mb4", "utf8mb4_general_ci", true),
                new ColumnEntry("e", "enum", "enum('a','b')", "utf8mb4", "utf8mb4_general_ci", true));
        List<SchemaObject> objects = List.of(
                new SequenceEntry(0, "s", "CREATE SEQUENCE `s` start with 1 minvalue 1 maxvalue 100 increment by 1 cache 10 nocycle ENGINE=InnoDB", 11, 0),
                new ViewEntry(0, "v", "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select `t`.`id` AS `id` from `t`",
                        new DefinitionContext(null, "utf8mb4", "utf8mb4_general_ci", null, null)),
                new TriggerEntry(0, "tr", "t", "BEFORE", "INSERT", 1,
                        "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.v = 'x'", PROGRAM),
                new RoutineEntry(ObjectKind.PROCEDURE, 0, "p", "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`(IN a INT)\nBEGIN"
                        + " IF a > 0 THEN INSERT INTO t (id) VALUES (a); END IF; END", PROGRAM),
                new EventEntry(0, "e", "CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE EVERY 1 HOUR ON COMPLETION PRESERVE"
                        + " ENABLE DO DELETE FROM t", EventEntry.Status.ENABLED,
                        new DefinitionContext("", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci", "+00:00")));
        return new Catalogue(List.of(new DatabaseEntry("d", "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `d`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "t", "InnoDB", 0, "CREATE TABLE `t` (`id` int(11) NOT NULL, `v` varchar(10),"
                        + " `e` enum('a','b'), PRIMARY KEY (`id`)) ENGINE=InnoDB", cols)),
                objects, List.of(new AccountEntry("u", "%", false, "CREATE USER `u`@`%`", List.of("GRANT SELECT ON `d`.* TO `u`@`%`"))),
                List.of("a note"));
    }

}
