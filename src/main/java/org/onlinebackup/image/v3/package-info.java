/**
 * Image format version 3: one file, written once from start to end by any number of threads, read without a
 * server, by table or by key range through its chunk index.
 *
 * <h2>Grammar</h2>
 * All integers are big-endian. {@code varint} is unsigned LEB128. {@code string} is {@code varint length} then
 * that many bytes of UTF-8. Every record carries a CRC32C (Castagnoli) of its kind, length and body.
 * <pre>
 * image          = preamble header data-chunk* catalogue index summary [seal] trailer
 * preamble       = magic:"OBKIMAGE" version:u16(=3) reserved:u16(=0)
 * record         = kind:u8 length:u32 body:byte[length] crc32c:u32      ; crc32c over kind, length and body
 * header         = record kind 'H', body = field*
 *   field        = tag:u16 length:u32 value:byte[length]               ; unknown tags are skipped
 *   tags         1 creation time (i64 microseconds since 1970-01-01 UTC)
 *                2 server version (utf-8)       3 server character set (utf-8)   4 server collation (utf-8)
 *                5 validity point time (i64 µs) 6 binlog file (utf-8)            7 binlog position (i64)
 *                8 GTID position (utf-8)        9 tool version (utf-8)          10 server host (utf-8)
 *               11 cipher (u8: 1 AES-256-GCM)  12 salt (32 bytes)              13 key check (16 bytes)
 * catalogue      = record kind 'C', body = the catalogue, sealed when the image is encrypted:
 *                  varint db-count      ( string name, string charset, string collation, string create-statement )*
 *                  varint snap-count    ( string driver, u8 data )*      ; data 1: its tables have data chunks
 *                  varint table-count   ( varint db, string name, string engine, varint snapshot,
 *                                         string create-statement, u8 versioning, varint column-count, column* )*
 *                  varint object-count  object*
 *                  varint account-count ( string user, string host, u8 role, string create-statement,
 *                                         varint grant-count, string grant-statement* )*
 *                  varint note-count    string*
 *                  [ selection ]                      ; absent in older images, which hold whole databases
 *   selection    = varint n string{n}  varint n string{n}  varint n string{n}  u8 no-data
 *                                                     ; --tables, --exclude-tables, --exclude-databases patterns
 *                                                     ; as given, then 1 when the image has definitions only
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
 * data-chunk     = record kind 'D', body = head stored-payload
 *   head         = table:u32 range:u32 sequence:u32 flags:u8 rows:u32 raw-length:u32
 *   flags        bit 0: last chunk of its key range; bits 1-2: codec of the stored payload (0 none, 1 zstd, 2 lz4)
 *   stored-payload = payload compressed by the codec (none when that would not make it shorter), then, when the
 *                image is encrypted, sealed; raw-length is the payload's length before both
 *   payload      = row{rows},  row = value{number of in-data columns of the table}
 *   value        = varint 0                      ; SQL NULL
 *                | varint (n+1) byte[n]          ; n bytes, n may be 0 (the empty string is not NULL)
 * index          = record kind 'I', body = varint entry-count
 *                  ( varint table, varint range, varint sequence, offset:u64, size:u32 )*
 *                                                ; in (table, range, sequence) order; offset and size of the record
 * summary        = record kind 'S', body = header-bytes:u64 data-bytes:u64 catalogue-bytes:u64 index-bytes:u64
 *                  total-bytes:u64 table-count:u32 ( ranges:u32 rows:u64 chunks:u32 stored-bytes:u64 raw-bytes:u64 )*
 * seal           = record kind 'A', body = scheme:u8(=1 Ed25519) public-key:byte[32] varint chunk-count
 *                  chunk-digest:byte[32]{chunk-count} signature:byte[64]
 *                                                ; chunk digests: SHA-256 of each data-chunk record as it stands in
 *                                                ; the file, in index order; the signature is over
 *                                                ; "online-backup image seal v1\0" SHA-256(preamble and header record)
 *                                                ; SHA-256(catalogue record) SHA-256(index record) SHA-256(summary
 *                                                ; record) chunk-count:u32 chunk-digest*
 * trailer        = summary-offset:u64 end-magic:"OBKEND\r\n"
 * </pre>
 * Tables are numbered by their position in the catalogue. A table of a snapshot with data has one or more key
 * ranges (a table not split has one, range 0) and every range has at least one data chunk: sequence numbers 0, 1,
 * 2, ..., the last one flagged. Tables of a snapshot without data (definition only) have no range and no chunk.
 * Chunks of different ranges and tables interleave in the file as the backup's partitions appended them; the index
 * lists every chunk once, and its records tile the data section exactly. {@code header-bytes} counts the header
 * record, {@code data-bytes} every data-chunk record, {@code stored-bytes} a table's chunk records,
 * {@code raw-bytes} its payloads before compression, {@code total-bytes} the whole file (the seal of a signed image
 * included). A reader opens an image
 * from its end: trailer, summary, header, catalogue, index; the section sizes must add up to where the summary
 * stands, the index must agree with the summary's counts, and each chunk read must be the one its index entry
 * names. There is no checksum of the whole file: every record has its own, and reading a table reads only its
 * chunks. A signed image's seal is checked before its catalogue or index is decoded, and each chunk against its
 * digest before it is decrypted or decompressed; the seal covers every byte but its own and the trailer's.
 *
 * <h2>Invariants</h2>
 * An image is written under a temporary name and linked to its name when its trailer is on disk: a file whose last
 * 8 bytes are not the end magic is truncated. Chunks are appended whole, so a file cut while its data was written
 * is a run of whole chunk records with at most one cut record at its end. A reader holds no more of an image at once
 * than its {@code MemoryLimit} (a quarter of its heap, at most {@code MAX_BODY}): a record or a chunk head that
 * declares more is refused before anything is read into memory or decompressed for it. Nothing in this package uses
 * a server or {@code java.sql}.
 */
package org.onlinebackup.image.v3;
