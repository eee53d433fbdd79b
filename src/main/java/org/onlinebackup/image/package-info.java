/**
 * The backup image: versioned sub-packages hold each format's codec next to its grammar; here, what every format
 * shares: the key that encrypts images ({@link org.onlinebackup.image.MasterKey}) and the creation of files readable
 * by their owner only ({@link org.onlinebackup.image.PrivateFiles}). Readable and verifiable without a server.
 */
package org.onlinebackup.image;
