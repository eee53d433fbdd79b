package org.onlinebackup.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which statements of the binary log a restart may pass over when it proves tables unchanged. */
class BinlogChangesTest {
    @Test
    void transactionBoundariesAndTheRepositorysOwnTablesChangeNothing() {
        assertThat(BinlogChanges.harmless("BEGIN", "online_backup")).isTrue();
        assertThat(BinlogChanges.harmless("COMMIT", "online_backup")).isTrue();
        assertThat(BinlogChanges.harmless("use `x`; XA END X'01'", "online_backup")).isTrue();
        assertThat(BinlogChanges.harmless("CREATE TABLE IF NOT EXISTS `online_backup`.running_operation (id INT)",
                "online_backup")).isTrue();
        assertThat(BinlogChanges.harmless("use `online_backup`; CREATE TABLE IF NOT EXISTS history_schema_version (id INT)",
                "online_backup")).isTrue();
    }

    @Test
    void anyOtherStatementProvesNothing() {
        assertThat(BinlogChanges.harmless("use `shop`; UPDATE orders SET x = 1", "online_backup")).isFalse();
        assertThat(BinlogChanges.harmless("use `online_backup`; UPDATE shop.orders SET x = 1", "online_backup")).isFalse();
        assertThat(BinlogChanges.harmless("use `online_backup`; CREATE TABLE IF NOT EXISTS shop.t (id INT)", "online_backup"))
                .isFalse();
        assertThat(BinlogChanges.harmless("use `shop`; CREATE TABLE IF NOT EXISTS t (id INT)", "online_backup")).isFalse();
        assertThat(BinlogChanges.harmless("CREATE TABLE IF NOT EXISTS t (id INT)", "online_backup"))
                .as("no database: could be any").isFalse();
        assertThat(BinlogChanges.harmless("use `online_backup`; CREATE TABLE t (id INT)", "online_backup")).isFalse();
        assertThat(BinlogChanges.harmless("use `online_backup`; DROP TABLE running_operation", "online_backup")).isFalse();
        assertThat(BinlogChanges.harmless("TRUNCATE TABLE shop.orders", "online_backup")).isFalse();
        assertThat(BinlogChanges.harmless("'unterminated", "online_backup")).isFalse();
    }
}
