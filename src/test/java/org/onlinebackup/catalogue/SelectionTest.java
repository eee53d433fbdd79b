package org.onlinebackup.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.sql.SelectionCheck;

class SelectionTest {

    private static Selection tables(String... patterns) {
        return new Selection(List.of(patterns), List.of(), List.of(), false);
    }

    @Test
    void wildcardsMatchRunsAndSingleCharactersAndTheRestIsLiteral() {
        Selection s = tables("shop.order_*", "shop.t?", "logs.*");
        assertThat(s.table("shop", "order_items")).isTrue();
        assertThat(s.table("shop", "order_")).isTrue();
        assertThat(s.table("shop", "orders")).isFalse();
        assertThat(s.table("shop", "t1")).isTrue();
        assertThat(s.table("shop", "t12")).isFalse();
        assertThat(s.table("logs", "anything")).isTrue();
        assertThat(s.table("Shop", "t1")).as("names match case and all").isFalse();
        assertThat(tables("a.b+c(d)").table("a", "b+c(d)")).as("regex characters are literal").isTrue();
        assertThat(tables("a.b\\*").table("a", "b*")).isTrue();
        assertThat(tables("a.b\\*").table("a", "bc")).isFalse();
    }

    @Test
    void backquotesTakeANameAsItIsDotsAndWildcardsIncluded() {
        Selection s = tables("`my.db`.`t*`", "`a``b`.c");
        assertThat(s.table("my.db", "t*")).isTrue();
        assertThat(s.table("my.db", "tx")).isFalse();
        assertThat(s.table("a`b", "c")).isTrue();
        assertThat(Selection.split("`a,b`.c, d.e ,,f.*")).containsExactly("`a,b`.c", "d.e", "f.*");
    }

    @Test
    void whatIsNotAPatternIsRefusedSayingHowToWriteOne() {
        for (String bad : List.of("orders", "a.b.c", ".t", "db.", "`db.t", "`db`x.t", "``.t")) {
            assertThatThrownBy(() -> tables(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a table pattern: write database.table (* and ? are wildcards;"
                            + " `my.db`.`t` quotes a name with a dot)");
        }
        assertThatThrownBy(() -> new Selection(List.of(), List.of(), List.of("a.b"), false))
                .hasMessageStartingWith("'a.b' is not a database pattern");
    }

    @Test
    void excludesWinAndRoutinesComeOnlyWithWholeDatabases() {
        Selection s = new Selection(List.of(), List.of("shop.audit_*"), List.of("tmp_*"), false);
        assertThat(s.table("shop", "orders")).isTrue();
        assertThat(s.table("shop", "audit_2024")).isFalse();
        assertThat(s.database("tmp_1")).isFalse();
        assertThat(s.table("tmp_1", "x")).isFalse();
        assertThat(s.databaseObject("shop")).isTrue();
        assertThat(tables("shop.*").databaseObject("shop")).isFalse();
        assertThat(tables("shop.orders").unmatched(List.<String[]>of(new String[] {"shop", "orders"}))).isEmpty();
        assertThat(tables("shop.orders", "shop.x*").unmatched(List.<String[]>of(new String[] {"shop", "orders"})))
                .containsExactly("shop.x*");
        assertThat(Selection.EVERYTHING.isEverything()).isTrue();
        assertThat(new Selection(List.of(), List.of(), List.of(), true).describe()).isEqualTo("--no-data");
    }

    @Test
    void aViewReadsWhatItNamesAfterFromOrJoinOrAsTheQualifierOfAColumn() {
        ViewEntry v = new ViewEntry(0, "v", "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS"
                + " select `a`.`x` AS `x`, count(0) AS `n` from (`a` join `other`.`b`) where `a`.`x` in (select `c` from `c`)",
                new DefinitionContext(null, null, null, null, null));
        assertThat(SelectionCheck.leftOutRead(v, "own", (db, n) -> db.equals("own") && n.equals("a"))).contains("`own`.`a`");
        assertThat(SelectionCheck.leftOutRead(v, "own", (db, n) -> db.equals("other") && n.equals("b"))).contains("`other`.`b`");
        assertThat(SelectionCheck.leftOutRead(v, "own", (db, n) -> db.equals("own") && n.equals("c"))).contains("`own`.`c`");
        assertThat(SelectionCheck.leftOutRead(v, "own", (db, n) -> db.equals("own") && (n.equals("x") || n.equals("n") || n.equals("v"))))
                .as("columns, aliases and the view's own name are not what it reads").isEqualTo(Optional.empty());
    }
}
