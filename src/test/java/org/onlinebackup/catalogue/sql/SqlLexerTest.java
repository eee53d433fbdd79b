package org.onlinebackup.catalogue.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private static List<String> values(String sql, String mode) {
        return SqlLexer.tokenize(sql, mode).stream().map(t -> t.type().name().charAt(0) + ":" + t.value()).toList();
    }

    @Test
    void commentsAreDroppedButExecutableCommentsAreCode() {
        assertThat(values("CREATE /* x */ DATABASE -- y\n `d` # z\n /*!40100 DEFAULT CHARACTER SET latin1 */ /*M!100100 COMMENT 'c' */", null))
                .containsExactly("W:CREATE", "W:DATABASE", "Q:d", "W:DEFAULT", "W:CHARACTER", "W:SET", "W:latin1",
                        "W:COMMENT", "S:c");
        assertThat(values("/*!DROP DATABASE v*/", null)).containsExactly("W:DROP", "W:DATABASE", "W:v");
    }

    @Test
    void twoDashesWithoutASpaceAreNotAComment() {
        assertThat(values("SELECT 1--1", null)).containsExactly("W:SELECT", "N:1", "S:-", "S:-", "N:1");
        assertThat(values("SELECT 1 -- 1", null)).containsExactly("W:SELECT", "N:1");
    }

    @Test
    void quotesFollowTheSqlMode() {
        assertThat(values("SELECT \"a\"\"b\", 'c''d\\'e'", "")).containsExactly("W:SELECT", "S:a\"b", "S:,", "S:c'd'e")
                .isNotEmpty();
        assertThat(values("SELECT \"a\"\"b\"", "STRICT_ALL_TABLES,ANSI_QUOTES")).containsExactly("W:SELECT", "Q:a\"b");
        assertThat(values("SELECT \"a\"", "ORACLE")).containsExactly("W:SELECT", "Q:a");
        assertThat(values("SELECT 'a\\'", "NO_BACKSLASH_ESCAPES")).containsExactly("W:SELECT", "S:a\\");
        assertThatThrownBy(() -> SqlLexer.tokenize("SELECT 'a\\'", "")).isInstanceOf(SqlSyntaxException.class);
    }

    @Test
    void quotedIdentifiersKeepAnything() {
        assertThat(values("`a``b.c; DROP` . `ü 😀`", null)).containsExactly("Q:a`b.c; DROP", "S:.", "Q:ü 😀");
    }

    @Test
    void wordsNumbersAndQualifiedNames() {
        assertThat(values("mysql.0x41user", null)).containsExactly("W:mysql", "S:.", "W:0x41user");
        assertThat(values("db.1t 1abc 1e5 1.5 .5 0x1F X'0a' b'01' 12 t.c @@global.x := ü_name", null))
                .containsExactly("W:db", "S:.", "W:1t", "W:1abc", "N:1e5", "N:1.5", "N:.5", "H:0x1F", "H:X'0a'",
                        "H:b'01'", "N:12", "W:t", "S:.", "W:c", "S:@@", "W:global", "S:.", "W:x", "S::=", "W:ü_name");
    }

    @Test
    void nationalStringsAreStrings() {
        assertThat(values("N'x' n'y'", null)).containsExactly("S:x", "S:y");
    }

    @Test
    void unterminatedInputIsRefusedWithItsOffset() {
        assertThatThrownBy(() -> SqlLexer.tokenize("SELECT `a", null)).hasMessageContaining("at character 7");
        assertThatThrownBy(() -> SqlLexer.tokenize("SELECT /* a", null)).hasMessageContaining("comment is not closed");
        assertThatThrownBy(() -> SqlLexer.tokenize("SELECT /*! a", null)).hasMessageContaining("executable comment");
        assertThatThrownBy(() -> SqlLexer.tokenize("/*! a /* b */ c */", null)).hasMessageContaining("inside an executable comment");
    }

    @Test
    void positionsCoverTheSource() {
        String sql = "CREATE VIEW `v` AS select 1";
        List<Token> t = SqlLexer.tokenize(sql, null);
        assertThat(sql.substring(t.get(2).start(), t.get(2).end())).isEqualTo("`v`");
    }
}
