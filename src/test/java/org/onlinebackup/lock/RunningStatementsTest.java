package org.onlinebackup.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunningStatementsTest {

    private static RunningStatements.Running running(String sql) {
        return new RunningStatements.Running(7, 1500, "executing", sql);
    }

    @Test
    void theKeywordComesAfterBlanksCommentsAndParentheses() {
        assertThat(RunningStatements.keyword("  alter table t add c int")).isEqualTo("ALTER");
        assertThat(RunningStatements.keyword("/* app: x */ /* y */\n\tDROP TABLE t")).isEqualTo("DROP");
        assertThat(RunningStatements.keyword("-- note\n# more\nCREATE INDEX k ON t (a)")).isEqualTo("CREATE");
        assertThat(RunningStatements.keyword("((SELECT 1))")).isEqualTo("SELECT");
        assertThat(RunningStatements.keyword("/* unterminated")).isEmpty();
        assertThat(RunningStatements.keyword("")).isEmpty();
    }

    @Test
    void ddlAndWritesAreToldApartFromReads() {
        for (String ddl : new String[] {"ALTER TABLE t ENGINE=InnoDB", "create table t (a int)", "DROP INDEX k ON t",
                "RENAME TABLE a TO b", "TRUNCATE t", "OPTIMIZE TABLE t", "REPAIR TABLE t"}) {
            assertThat(running(ddl).isDdl()).as(ddl).isTrue();
            assertThat(running(ddl).isWrite()).as(ddl).isTrue();
        }
        for (String dml : new String[] {"INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t",
                "REPLACE INTO t VALUES (1)", "LOAD DATA INFILE 'f' INTO TABLE t", "CALL p()"}) {
            assertThat(running(dml).isDdl()).as(dml).isFalse();
            assertThat(running(dml).isWrite()).as(dml).isTrue();
        }
        for (String read : new String[] {"SELECT * FROM t", "SHOW PROCESSLIST", "select get_lock('x', 10)"}) {
            assertThat(running(read).isWrite()).as(read).isFalse();
        }
    }

    @Test
    void aDescriptionNamesTheConnectionTheTimeAndTheStatementCut() {
        String sql = "ALTER   TABLE t\n ADD COLUMN " + "x".repeat(100) + " INT";
        assertThat(running(sql).describe()).startsWith("id 7 (1.5 s): ALTER TABLE t ADD COLUMN xxx").endsWith("...")
                .hasSize("id 7 (1.5 s): ".length() + 80);
    }
}
