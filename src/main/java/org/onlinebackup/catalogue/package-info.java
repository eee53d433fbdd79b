/**
 * The catalogue: databases, snapshots and tables with their columns, as written into an image, and
 * {@link org.onlinebackup.catalogue.server.ServerCatalogueReader} which reads them from a server.
 * Invariant: the model classes are plain immutable records that the image codec can encode without a server.
 */
package org.onlinebackup.catalogue;
