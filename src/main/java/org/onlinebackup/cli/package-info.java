/**
 * The command line, {@code bin/online-backup}: parses MariaDB-client style options, starts the jobs through the
 * JobOperator and prints one line of result. No job logic lives here.
 */
package org.onlinebackup.cli;
