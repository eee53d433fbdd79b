package org.onlinebackup.job.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestorePrivilegesTest {
    @Test
    void aFunctionIsBinlogSafeOnlyWhenItsCharacteristicsSaySo() {
        assertThat(RestorePrivileges.declaresBinlogSafe("CREATE DEFINER=`a`@`%` FUNCTION `f`() RETURNS int(11) DETERMINISTIC RETURN 1", "")).isTrue();
        assertThat(RestorePrivileges.declaresBinlogSafe("CREATE FUNCTION f() RETURNS INT NO SQL RETURN 1", "")).isTrue();
        assertThat(RestorePrivileges.declaresBinlogSafe("CREATE FUNCTION f(x INT) RETURNS varchar(10) CHARSET utf8mb4"
                + " COMMENT 'not DETERMINISTIC' READS SQL DATA BEGIN RETURN 'a'; END", "")).isTrue();
        assertThat(RestorePrivileges.declaresBinlogSafe("CREATE FUNCTION f() RETURNS INT RETURN 1", "")).isFalse();
        assertThat(RestorePrivileges.declaresBinlogSafe("CREATE FUNCTION f() RETURNS INT NOT DETERMINISTIC CONTAINS SQL"
                + " RETURN 1", "")).isFalse();
        assertThat(RestorePrivileges.declaresBinlogSafe("CREATE FUNCTION f() RETURNS INT MODIFIES SQL DATA BEGIN"
                + " DECLARE deterministic INT DEFAULT 1; RETURN deterministic; END", "")).as("a word of the body is not a"
                + " characteristic").isFalse();
        assertThat(RestorePrivileges.declaresBinlogSafe("CREATE FUNCTION f() RETURNS INT COMMENT 'NO SQL here'"
                + " RETURN 1", "")).as("nor one inside the comment").isFalse();
    }
}
