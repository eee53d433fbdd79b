/**
 * The binlog archive: a server's binary log kept in a backup repository ({@code archive/server-ID/}) as segments of
 * the events exactly as the server wrote them, so that a restore can replay them to any moment
 * (docs/repository.md). {@link org.onlinebackup.archive.Segment} is the file format, {@link BinlogArchive} the
 * directory and where a run resumes, {@link BinlogEvent} what is read of a raw event. No java.sql, no JBeret;
 * {@code archive/server} reads the binary log from a server.
 */
package org.onlinebackup.archive;
