/**
 * How jobs run in a Java SE process: JBeret SE, Weld SE and the JDBC job repository on MariaDB.
 */
package org.onlinebackup.runtime.se;
