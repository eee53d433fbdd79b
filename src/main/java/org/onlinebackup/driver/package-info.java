/**
 * The driver SPI and what drivers share. {@link org.onlinebackup.driver.Driver} carries the protocol (phases init,
 * prepare, lock, unlock, data, finish, cancel); {@link org.onlinebackup.driver.DriverChain} gives each table to the
 * first driver that accepts it, fallbacks last; {@link org.onlinebackup.driver.TableScan} streams a table as row
 * blocks and {@link org.onlinebackup.driver.TableLoad} loads data chunks back. The built-in drivers live in
 * {@code snapshot/}, {@code nodata/} and {@code locking/}.
 * Invariants: nothing here knows about JBeret; a driver's name, once written into images, never changes.
 */
package org.onlinebackup.driver;
