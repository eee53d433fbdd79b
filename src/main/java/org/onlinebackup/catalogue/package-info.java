/**
 * The catalogue of an image: a sealed family of entries, one per kind of object ({@link
 * org.onlinebackup.catalogue.CatalogueEntry}), each with the statement that creates it as the server wrote it, and
 * the order a restore creates them in ({@link org.onlinebackup.catalogue.RestorePhase}).
 * Invariant: plain immutable records that the image codec encodes without a server; nothing here uses
 * {@code java.sql} (reading from and writing to a server is {@code catalogue.server}).
 */
package org.onlinebackup.catalogue;
