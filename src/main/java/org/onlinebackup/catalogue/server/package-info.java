/**
 * The catalogue and the server: reading every kind of object from one ({@link
 * org.onlinebackup.catalogue.server.ServerCatalogueReader}, {@link org.onlinebackup.catalogue.server.AccountReader}),
 * and running a restore plan's steps into one, each in the session its object was created in ({@link
 * org.onlinebackup.catalogue.server.StatementRunner}).
 * Invariant: the only part of the catalogue that uses JDBC.
 */
package org.onlinebackup.catalogue.server;
