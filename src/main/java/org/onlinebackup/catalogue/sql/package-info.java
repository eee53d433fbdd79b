/**
 * Reading statements as MariaDB does ({@link org.onlinebackup.catalogue.sql.SqlLexer}), checking each catalogue
 * entry against the statement that creates it ({@link org.onlinebackup.catalogue.sql.DefinitionChecker}), and the
 * plan of a restore: every statement, checked, in one dependency order ({@link
 * org.onlinebackup.catalogue.sql.RestorePlan}).
 * Invariant: no server and no {@code java.sql}; an image's statements are untrusted input, and nothing that has not
 * passed the checker is ever run.
 */
package org.onlinebackup.catalogue.sql;
