package org.onlinebackup.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrivilegesTest {
    @Test
    void globalDatabaseAndTableGrantsAsShowGrantsWritesThem() {
        Privileges p = Privileges.parse("'bk'@'%'", List.of(
                "GRANT `backup_role` TO `bk`@`%`",
                "GRANT USAGE ON *.* TO `bk`@`%` IDENTIFIED BY PASSWORD '*B69027D44F6E5EDC07F1AEAD1477967B16F28227'",
                "GRANT RELOAD, REPLICATION CLIENT ON *.* TO `backup_role`",
                "GRANT SELECT, SHOW VIEW ON `shop\\\\_%`.* TO `backup_role`",
                "GRANT TRIGGER ON `a``b`.* TO `bk`@`%`",
                "GRANT SELECT (`Db`, `Name`), INSERT ON `mysql`.`proc` TO `bk`@`%`",
                "GRANT EXECUTE ON PROCEDURE `shop_1`.`p` TO `bk`@`%`",
                "SET DEFAULT ROLE `backup_role` FOR `bk`@`%`"));
        assertThat(p.global("RELOAD")).isTrue();
        assertThat(p.global("BINLOG MONITOR")).as("REPLICATION CLIENT is its older name").isTrue();
        assertThat(p.global("SELECT")).isFalse();
        assertThat(p.onDatabase("SELECT", "shop_1")).isTrue();
        assertThat(p.onDatabase("SHOW VIEW", "shop_eu")).isTrue();
        assertThat(p.onDatabase("SELECT", "shopx1")).as("\\_ is a literal underscore").isFalse();
        assertThat(p.onDatabase("SELECT", "other")).isFalse();
        assertThat(p.onDatabase("TRIGGER", "a`b")).isTrue();
        assertThat(p.onDatabase("TRIGGER", "shop_1")).isFalse();
        assertThat(p.onTable("SELECT", "mysql", "proc")).as("a column grant counts as the privilege on the table").isTrue();
        assertThat(p.onTable("SELECT", "mysql", "user")).isFalse();
        assertThat(p.onDatabase("EXECUTE", "shop_1")).as("a routine's grant is not the database's").isFalse();
    }

    @Test
    void allPrivilegesHoldsEveryOne() {
        Privileges p = Privileges.parse("'root'@'localhost'", List.of(
                "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"));
        assertThat(p.global("BINLOG MONITOR")).isTrue();
        assertThat(p.onTable("SELECT", "mysql", "proc")).isTrue();
        Privileges db = Privileges.parse("'u'@'%'", List.of("GRANT ALL PRIVILEGES ON `app`.* TO `u`@`%`"));
        assertThat(db.onDatabase("LOCK TABLES", "app")).isTrue();
        assertThat(db.onDatabase("LOCK TABLES", "App")).as("database names compare as the server does on Linux").isFalse();
        assertThat(db.global("RELOAD")).isFalse();
    }
}
