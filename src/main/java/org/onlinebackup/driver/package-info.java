/**
 * Reading table data out of the server and loading it back: {@link org.onlinebackup.driver.TableScan} streams a
 * table as row blocks, {@link org.onlinebackup.driver.TableLoad} loads data chunks, and the consistent-snapshot driver
 * in {@code snapshot/} opens the snapshot they read in. The driver SPI (phases init, prepare, lock, unlock, finish,
 * cancel; choice by an ordered accepts(table) chain) is built on these.
 * Invariant: nothing here knows about JBeret.
 */
package org.onlinebackup.driver;
