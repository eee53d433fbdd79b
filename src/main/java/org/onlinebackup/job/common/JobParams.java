package org.onlinebackup.job.common;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.Tls;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.MasterKey;
import org.onlinebackup.image.PublicKeyFile;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.Compression;
import org.onlinebackup.repository.Repository;

/**
 * Names of the job parameters of the backup and restore jobs. None holds a secret: the password is registered in
 * {@link org.onlinebackup.connect.Credentials} by the process that starts the job.
 */
public final class JobParams {
    private JobParams() {
    }

    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String SOCKET = "socket";
    public static final String USER = "user";
    /** TLS to the server ({@link Tls}): on, the CA certificate file, and whether the server's name is checked too. */
    public static final String SSL = "ssl";
    public static final String SSL_CA = "sslCa";
    public static final String SSL_VERIFY_SERVER_CERT = "sslVerifyServerCert";
    public static final String SSL_CAPATH = "sslCapath";
    public static final String SSL_CERT = "sslCert";
    public static final String SSL_KEY = "sslKey";
    /**
     * In an application server: the JNDI name of the data source of the server to back up or restore to, which
     * holds its address and password; the other address parameters are then not used.
     */
    public static final String DATA_SOURCE = "dataSource";
    /** {@code true}: the client/server protocol is compressed. */
    public static final String COMPRESS = "compress";
    /** Comma-separated database names: those to back up, or those of the image to restore (all when absent). */
    public static final String DATABASES = "databases";
    /** {@code true}: every database but the system ones (backup). */
    public static final String ALL = "all";
    /**
     * The selection ({@link Selection}): comma-separated {@code db.table} patterns to carry or restore only, those
     * to leave out, and database patterns to leave out; {@code true} in {@link #NO_DATA}: definitions only.
     */
    public static final String TABLES = "tables";
    public static final String EXCLUDE_TABLES = "excludeTables";
    public static final String EXCLUDE_DATABASES = "excludeDatabases";
    public static final String NO_DATA = "noData";
    /** Absolute path of the image file. */
    public static final String IMAGE = "image";
    /** {@code true}: a restore replaces existing databases of the same names. */
    public static final String OVERWRITE = "overwrite";
    /** {@code true}: with {@link #OVERWRITE}, also drop the objects of those databases that the image does not hold. */
    public static final String DROP_EXTRA = "dropExtra";
    /**
     * Databases a restore creates under another name: comma-separated {@code old=new} pairs, each name URL-encoded
     * (UTF-8), see {@link #renames}.
     */
    public static final String RENAME = "rename";
    /** {@code true}: a backup carries the accounts and roles with privileges on its databases; a restore restores them. */
    public static final String USERS = "users";
    /**
     * The file holding the key that encrypts a backup's image, or decrypts one to restore; without it the key comes
     * from the environment ({@code OBK_KEY}). The key itself is never a job parameter.
     */
    public static final String KEY_FILE = "keyFile";
    /**
     * A backup signs its image with the Ed25519 private key in this file (PEM); the key itself is never a job
     * parameter.
     */
    public static final String SIGN_KEY = "signKey";
    /**
     * A restore trusts images signed by the Ed25519 public keys in this file (PEM, one or more), and refuses every
     * image that neither they nor the decryption key authenticate.
     */
    public static final String TRUST_KEY = "trustKey";
    /** {@code true}: a backup encrypts its image with the key of {@link #KEY_FILE} or of {@code OBK_KEY}. */
    public static final String ENCRYPT = "encrypt";
    /** How a backup compresses its data chunks: {@code zstd} (the default), {@code lz4} or {@code none}. */
    public static final String COMPRESSION = "compression";
    /** {@code true}: a restore reads and checks the whole image before it changes anything (a second read). */
    public static final String VERIFY_FIRST = "verifyFirst";
    /**
     * Databases (comma-separated) that the views, triggers, routines and events of an untrusted image may use, besides
     * the databases the restore creates: their definer gets every privilege on them.
     */
    public static final String ALLOW_ACCESS = "allowAccess";
    /**
     * Where the job keeps its history, restore ledger and lock holders ({@code repository.Repository.Location}): a
     * file (embedded), {@code mariadb://USER@HOST:PORT/DATABASE}, or a {@code java:} data source. Absent: with
     * {@code dataSource} (an application server), {@link #DEFAULT_SERVER_REPOSITORY}; otherwise the default embedded one.
     */
    public static final String REPOSITORY = "repository";
    public static final String DEFAULT_SERVER_REPOSITORY = "java:jboss/datasources/ObkRepository";
    /**
     * {@code true}: WL#4116's history is kept on the server operated on too, in {@link #SERVER_HISTORY_SCHEMA}, written
     * without binary logging.
     */
    public static final String HISTORY_ON_SERVER = "historyOnServer";
    /** The schema of the history on the server ({@code historyOnServer}), never backed up by {@code --all}. */
    public static final String SERVER_HISTORY_SCHEMA = "online_backup";

    /** Connections the consistent-snapshot driver reads on in parallel (backup). */
    public static final String PARALLEL = "parallel";
    public static final int DEFAULT_PARALLEL = 4;
    public static final int MAX_PARALLEL = 8;
    /** Seconds the operation waits for DDL, or long writes, that were running when it needed its locks. */
    /** Backup: tables larger than this many MiB are cut into key ranges (0 or absent: chosen from the sizes). */
    public static final String SPLIT_SIZE = "splitSize";
    public static final int MAX_SPLIT_MIB = 1 << 20;

    public static final String LOCK_TIMEOUT = "lockTimeout";
    public static final int DEFAULT_LOCK_TIMEOUT = 60;

    /** {@code true}: pause at breakpoints whose user lock another session holds (WL#3324). */
    public static final String BREAKPOINTS = "breakpoints";
    /** Seconds to wait between driver interactions (WL#3324's backup_sleep). */
    public static final String SLEEP = "sleep";
    /** Fault injection for tests ({@link Faults}): the point where the operation fails; off when absent. */
    public static final String FAULT = "fault";

    /** A comment for the history row (WL#4116's user_comment). */
    public static final String COMMENT = "comment";
    /** The token of a {@code ProgressListener} registered in this process to watch the job; never in the history. */
    public static final String PROGRESS = "progress";
    /** {@code true}: the job was started by the command line, whose lines name its options ({@link Wording}). */
    public static final String COMMAND_LINE = "commandLine";

    public static final String BACKUP_JOB = "backup";
    public static final String RESTORE_JOB = "restore";
    public static final String ARCHIVE_JOB = "binlog-archive";

    /** The backup repository a binlog archive run writes into: a directory. */
    public static final String REPO = "repo";
    /**
     * Where an empty binlog archive starts: {@code FILE:POSITION} (default: the validity point of the repository's
     * oldest image of the server, else the server's oldest binlog, at 4).
     */
    public static final String FROM = "from";
    /** How long a binlog archive run tries to connect again after it lost its connection, in seconds (default 60). */
    public static final String RECONNECT_TIMEOUT = "reconnectTimeout";

    /**
     * The image a job was given: an absolute path. A relative one is refused, since it would be relative to wherever
     * the job happens to run (an application server's working directory); the command line makes its paths absolute.
     */
    public static String image(Properties p, String what) {
        String image = p.getProperty(IMAGE);
        if (image == null || image.isBlank()) {
            throw new OnlineBackupException(Message.MISSING_PARAMETER, what);
        }
        if (!Path.of(image).isAbsolute()) {
            throw new OnlineBackupException(Message.USAGE, "job parameter " + IMAGE + " must be an absolute path, not '"
                    + image + "': a relative one would land in the working directory of whatever runs the job");
        }
        return image;
    }

    /** The repository a job was given, or the default one. */
    public static Repository.Location repository(Properties p) {
        String s = p.getProperty(REPOSITORY);
        if ((s == null || s.isBlank()) && !p.getProperty(DATA_SOURCE, "").isBlank()) {
            s = DEFAULT_SERVER_REPOSITORY;
        }
        return Repository.Location.parse(s);
    }

    /**
     * The operation as a command line for the history's {@code command} column: the job name and its parameters,
     * sorted. Job parameters never hold a secret, so nothing needs masking.
     */
    public static String command(String jobName, Properties p) {
        StringBuilder b = new StringBuilder(jobName);
        p.stringPropertyNames().stream().filter(k -> !k.equals(PROGRESS) && !k.equals(COMMAND_LINE)).sorted().forEach(k -> {
            String v = p.getProperty(k);
            if (v != null && !v.isEmpty()) {
                b.append(' ').append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    /** The user's comment, or null when none was given. */
    public static String comment(Properties p) {
        String c = p.getProperty(COMMENT);
        return c == null || c.isBlank() ? null : c;
    }

    /** Whether boolean parameter {@code name} is {@code true}. */
    public static boolean flag(Properties p, String name) {
        return Boolean.parseBoolean(p.getProperty(name));
    }

    /** The selection the parameters make; a pattern that is not one is a usage error naming it. */
    public static Selection selection(Properties p) {
        try {
            return new Selection(Selection.split(p.getProperty(TABLES, "")), Selection.split(p.getProperty(EXCLUDE_TABLES, "")),
                    Selection.split(p.getProperty(EXCLUDE_DATABASES, "")), flag(p, NO_DATA));
        } catch (IllegalArgumentException e) {
            throw new OnlineBackupException(Message.USAGE, e.getMessage());
        }
    }

    /** The names of a comma-separated parameter, blanks dropped, in order, each once. */
    public static List<String> names(Properties p, String name) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : p.getProperty(name, "").split(",")) {
            if (!n.isBlank()) {
                out.add(n.trim());
            }
        }
        return List.copyOf(out);
    }

    /** The {@link #RENAME} parameter as a map from image name to new name, in order. */
    public static Map<String, String> renames(Properties p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : p.getProperty(RENAME, "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new OnlineBackupException(Message.USAGE, "job parameter " + RENAME + " must hold old=new pairs, not '" + pair + "'");
            }
            out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return out;
    }

    /** The {@link #RENAME} parameter for a map from image name to new name. */
    public static String renameParameter(Map<String, String> renames) {
        StringJoiner j = new StringJoiner(",");
        renames.forEach((k, v) -> j.add(encode(k) + "=" + encode(v)));
        return j.toString();
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String decode(String name) {
        return URLDecoder.decode(name, StandardCharsets.UTF_8);
    }

    /** The key of {@link #KEY_FILE}, else of {@code OBK_KEY}, else null. */
    public static MasterKey masterKey(Properties p) {
        String file = p.getProperty(KEY_FILE);
        return file == null || file.isBlank() ? MasterKey.fromEnvironment() : MasterKey.fromFile(Path.of(file));
    }

    /** The keys a restore authenticates its image with: the decryption key and the trusted keys of {@link #TRUST_KEY}. */
    public static ImageKeys imageKeys(Properties p) {
        String trust = p.getProperty(TRUST_KEY, "");
        return trust.isBlank() ? ImageKeys.of(masterKey(p))
                : new ImageKeys(masterKey(p), PublicKeyFile.read(Path.of(trust)), trust);
    }

    /** The key of {@link #SIGN_KEY}, or null when the image is not to be signed. */
    public static SigningKey signingKey(Properties p) {
        String file = p.getProperty(SIGN_KEY, "");
        return file.isBlank() ? null : SigningKey.fromFile(Path.of(file));
    }

    /** The compression of parameter {@link #COMPRESSION} (zstd when absent); a usage error names the choices. */
    public static Compression compression(Properties p) {
        String v = p.getProperty(COMPRESSION);
        if (v == null || v.isBlank()) {
            return Compression.ZSTD;
        }
        Compression c = Compression.named(v);
        if (c == null) {
            throw new OnlineBackupException(Message.USAGE, "job parameter " + COMPRESSION + " must be zstd, lz4 or none, not '" + v + "'");
        }
        return c;
    }

    public static int parallel(Properties p) {
        return intParam(p, PARALLEL, DEFAULT_PARALLEL, 1, MAX_PARALLEL);
    }

    public static long splitMiB(Properties p) {
        return intParam(p, SPLIT_SIZE, 0, 0, MAX_SPLIT_MIB);
    }

    public static Duration lockTimeout(Properties p) {
        return Duration.ofSeconds(intParam(p, LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT, 1, 31_536_000));
    }

    private static int intParam(Properties p, String name, int dflt, int min, int max) {
        String v = p.getProperty(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OnlineBackupException(Message.USAGE,
                "job parameter " + name + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
    }

    /**
     * The server a job runs against: its data source ({@code dataSource}) or its address ({@code host}, {@code port},
     * {@code socket}, {@code user}). Neither is refused: a job never falls back to a default server it was not given.
     */
    public static ServerAddress address(Properties p) {
        String ds = p.getProperty(DATA_SOURCE);
        if (ds != null && !ds.isBlank()) {
            return ServerAddress.ofDataSource(ds);
        }
        if (p.getProperty(HOST, "").isBlank() && p.getProperty(SOCKET, "").isBlank()) {
            throw new OnlineBackupException(Message.MISSING_PARAMETER, "the server: job parameter " + DATA_SOURCE
                    + " (a data source, in an application server) or " + HOST + " (and " + PORT + ", " + USER + ")");
        }
        String port = p.getProperty(PORT);
        return new ServerAddress(p.getProperty(HOST), port == null || port.isBlank() ? 0 : Integer.parseInt(port),
                p.getProperty(SOCKET), p.getProperty(USER),
                new Tls(flag(p, SSL), p.getProperty(SSL_CA), flag(p, SSL_VERIFY_SERVER_CERT), p.getProperty(SSL_CAPATH),
                        p.getProperty(SSL_CERT), p.getProperty(SSL_KEY)), flag(p, COMPRESS));
    }

    public static void putAddress(Properties p, ServerAddress a) {
        p.setProperty(HOST, a.host());
        p.setProperty(PORT, Integer.toString(a.port()));
        if (a.socket() != null) {
            p.setProperty(SOCKET, a.socket());
        }
        p.setProperty(USER, a.user());
        p.setProperty(SSL, Boolean.toString(a.tls().enabled()));
        p.setProperty(SSL_CA, a.tls().ca() == null ? "" : a.tls().ca());
        p.setProperty(SSL_VERIFY_SERVER_CERT, Boolean.toString(a.tls().verifyServerCert()));
        p.setProperty(SSL_CAPATH, a.tls().capath() == null ? "" : a.tls().capath());
        p.setProperty(SSL_CERT, a.tls().cert() == null ? "" : a.tls().cert());
        p.setProperty(SSL_KEY, a.tls().key() == null ? "" : a.tls().key());
        p.setProperty(COMPRESS, Boolean.toString(a.compress()));
    }
}
