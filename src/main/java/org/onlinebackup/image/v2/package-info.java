/**
 * Image format version 2: one file, written once, read without a server.
 *
 * <h2>Grammar</h2>
 * All integers are big-endian. {@code varint} is unsigned LEB128. {@code string} is {@code varint length} then
 * that many bytes of UTF-8. Every record carries a CRC32C (Castagnoli) of its kind, length and body.
 * <pre>
 * image          = preamble header catalogue data-chunk* summary trailer
 * preamble       = magic:"OBKIMAGE" version:u16(=2) reserved:u16(=0)
 * record         = kind:u8 length:u32 body:byte[length] crc32c:u32      ; crc32c over kind, length and body
 * header         = record kind 'H', body = field*
 *   field        = tag:u16 length:u32 value:byte[length]               ; unknown tags are skipped
 *   tags         1 creation time (i64 microseconds since 1970-01-01 UTC)
 *                2 server version (utf-8)       3 server character set (utf-8)   4 server collation (utf-8)
 *                5 validity point time (i64 µs) 6 binlog file (utf-8)            7 binlog position (i64)
 *                8 GTID position (utf-8)        9 tool version (utf-8)          10 server host (utf-8)
 * catalogue      = record kind 'C', body =
 *                  varint db-count      ( string name, string charset, string collation, string create-statement )*
 *                  varint snap-count    ( string driver, u8 data )*      ; data 1: its tables have data chunks
 *                  varint table-count   ( varint db, string name, string engine, varint snapshot,
 *                                         string create-statement, u8 versioning, varint column-count, column* )*
 *                  varint object-count  object*
 *                  varint account-count ( string user, string host, u8 role, string create-statement,
 *                                         varint grant-count, string grant-statement* )*
 *                  varint note-count    string*
 *   versioning   0 none, 1 system-versioned by time, 2 by transaction id (either way data chunks carry the history
 *                rows; by transaction id, the row start and row end values are the commit order of the
 *                transactions, the commit id in the source's transaction registry, empty for "still current")
 *   column       = string name, string data-type, string column-type, string charset, string collation, u8 flags
 *                                                                       ; empty charset/collation: not character data
 *   flags        bit 0: data chunks carry its values; bits 1-2: 0 data, 1 row start, 2 row end
 *   object       = kind:u8 varint db string name string create-statement, then by kind:
 *                  'S' sequence      i64 next-not-cached-value, i64 cycle-count
 *                  'V' view          context
 *                  'T' trigger       string table, string timing, string event, varint action-order, context
 *                  'P' procedure, 'F' function, 'K' package, 'B' package body:  context
 *                  'E' event         u8 status (0 enabled, 1 disabled, 2 disabled on slave), context
 *   context      = mask:u8 string{one per bit set}  ; bits 0..4: sql_mode, character_set_client,
 *                                                     collation_connection, database collation, time zone
 * data-chunk     = record kind 'D', body = table:u32 sequence:u32 flags:u8 rows:u32 payload
 *   flags        bit 0: last chunk of the table
 *   payload      = row{rows},  row = value{number of in-data columns of the table}
 *   value        = varint 0                      ; SQL NULL
 *                | varint (n+1) byte[n]          ; n bytes, n may be 0 (the empty string is not NULL)
 * summary        = record kind 'S', body = header-bytes:u64 catalogue-bytes:u64 data-bytes:u64 total-bytes:u64
 *                  table-count:u32 ( rows:u64 chunks:u32 bytes:u64 )* image-crc32c:u32
 * trailer        = summary-offset:u64 end-magic:"OBKEND\r\n"
 * </pre>
 * Tables are numbered by their position in the catalogue. Every table of a snapshot with data has at least one data
 * chunk; its chunks carry sequence numbers 0, 1, 2, ... and the last one has the last flag. Tables of a snapshot
 * without data (definition only) have no data chunk. Chunks of different tables may interleave
 * (one run of chunks per partition). {@code header-bytes} counts the preamble and the header record,
 * {@code data-bytes} every data-chunk record, {@code total-bytes} the whole file. {@code image-crc32c} is the CRC32C
 * of every byte before the summary record.
 *
 * <h2>Invariants</h2>
 * An image is written under a temporary name and renamed when its trailer is on disk: a file whose last 8 bytes
 * are not the end magic is truncated. Nothing in this package uses a server or {@code java.sql}.
 */
package org.onlinebackup.image.v2;
