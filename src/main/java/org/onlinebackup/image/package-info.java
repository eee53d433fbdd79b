/**
 * The backup image: versioned sub-packages hold each format's codec next to its grammar. Readable and verifiable
 * without a server.
 */
package org.onlinebackup.image;
