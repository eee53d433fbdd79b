package org.onlinebackup.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.onlinebackup.connect.Credentials;
import org.onlinebackup.connect.Pem;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.Tls;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.history.HistoryReader;
import org.onlinebackup.history.Recorder;
import org.onlinebackup.repository.Repository;
import org.onlinebackup.runtime.se.SeBatchRuntime;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The connection options of the MariaDB clients. Command line first, then the option files as the clients read them
 * ({@link OptionFile#defaults}), then the defaults: localhost through the server's socket when it exists, port 3306, the
 * login name, no TLS.
 */
public final class ConnectionOptions {
    static final String PROMPT = "\u0000prompt";
    static final Path DEFAULT_SOCKET = Path.of("/run/mysqld/mysqld.sock");

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Server host (default: localhost).")
    String host;

    @Option(names = {"-P", "--port"}, paramLabel = "PORT", description = "Server TCP port (default: 3306).")
    Integer port;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "MariaDB user (default: your login name).")
    String user;

    @Option(names = {"-p", "--password"}, arity = "0..1", fallbackValue = PROMPT, paramLabel = "PASSWORD",
            description = "Password; given without a value, it is asked for and not echoed.")
    String password;

    @Option(names = {"-S", "--socket"}, paramLabel = "PATH", description = "Unix socket, used when the host is localhost.")
    String socket;

    @Option(names = "--protocol", paramLabel = "tcp|socket", description = "How to reach the server: tcp (even for"
            + " localhost) or socket (whatever the host). Default: the socket for localhost, unless --port is given"
            + " without --socket; TCP otherwise.")
    String protocol;

    @Option(names = {"-C", "--compress"}, description = "Compress the client/server protocol (for a slow network; costs CPU"
            + " on both sides).")
    boolean compress;

    @Option(names = "--ssl", description = "Connect with TLS: encrypted, the server's certificate not checked unless"
            + " --ssl-ca or --ssl-verify-server-cert says so.")
    boolean ssl;

    @Option(names = "--skip-ssl", description = "Connect without TLS, whatever the option file says.")
    boolean skipSsl;

    @Option(names = "--ssl-ca", paramLabel = "FILE", description = "The CA certificate (PEM) that must have signed the"
            + " server's certificate; implies --ssl.")
    Path sslCa;

    @Option(names = "--ssl-verify-server-cert", description = "Check the server's certificate (against --ssl-ca, or"
            + " Java's trusted CAs) and that it names the host connected to; implies --ssl.")
    boolean sslVerifyServerCert;

    @Option(names = "--ssl-capath", paramLabel = "DIR", description = "A directory of CA certificates (PEM), one of which"
            + " must have signed the server's certificate; implies --ssl.")
    Path sslCapath;

    @Option(names = "--ssl-cert", paramLabel = "FILE", description = "Client certificate (PEM), for an account that"
            + " requires one (REQUIRE X509, SUBJECT, ISSUER); with --ssl-key; implies --ssl.")
    Path sslCert;

    @Option(names = "--ssl-key", paramLabel = "FILE", description = "The private key of --ssl-cert (PEM, unencrypted).")
    Path sslKey;

    @Mixin
    OptionFileChoice optionFiles;

    @Option(names = "--repository", paramLabel = "LOCATION", description = "Where jobs, history and restore ledgers are"
            + " kept: a file (the embedded repository; default $OBK_REPOSITORY, else ~/.online-backup/repository.db), or"
            + " mariadb://USER@HOST:PORT/DATABASE, shared by several hosts (its password from OBK_REPOSITORY_PASSWORD"
            + " or the option file's repository-password; TLS as ?ssl-ca=FILE&ssl-verify-server-cert). Never the server"
            + " backed up, unless named here.")
    String repository;

    /** The address, with the password registered in memory under it. */
    Resolved resolve(Main.Io io) {
        OptionFile file = optionFiles.read();
        String h = first(host, file.get("host"), "localhost");
        String portText = port != null ? port.toString() : file.get("port");
        int p;
        try {
            p = portText == null || portText.isBlank() ? ServerAddress.DEFAULT_PORT : Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new OnlineBackupException(Message.USAGE, "port is not a number: " + portText);
        }
        String s = first(socket, file.get("socket"), null);
        String proto = first(protocol, file.get("protocol"), null);
        boolean viaSocket;
        if (proto == null) {
            // as the clients since MariaDB 10.6.1: a port on the command line, without a socket there, means TCP
            viaSocket = h.equals("localhost") && !(port != null && socket == null);
        } else {
            viaSocket = switch (proto.trim().toLowerCase(Locale.ROOT)) {
                case "tcp" -> false;
                case "socket" -> true;
                case "pipe", "memory" -> throw new OnlineBackupException(Message.USAGE, "--protocol " + proto
                        + " exists on Windows only: use tcp or socket");
                default -> throw new OnlineBackupException(Message.USAGE, "--protocol must be tcp or socket, not '" + proto + "'");
            };
        }
        if (viaSocket && s == null && (Files.exists(DEFAULT_SOCKET) || proto != null)) {
            s = DEFAULT_SOCKET.toString();
        }
        if (!viaSocket) {
            s = null;
        }
        String u = first(user, file.get("user"), System.getProperty("user.name"));
        char[] pw;
        if (PROMPT.equals(password)) {
            pw = prompt(io);
        } else if (password != null) {
            pw = password.toCharArray();
        } else {
            String fromFile = file.get("password");
            pw = fromFile == null ? new char[0] : fromFile.toCharArray();
        }
        Repository.Location where = Repository.Location.parse(first(repository, file.get("repository"), null));
        return new Resolved(new ServerAddress(h, p, s, u, tls(file), compress || file.flag("compress")), pw, where, file);
    }

    /** {@code file}: the option files read, for the options of a command that they may give too. */
    record Resolved(ServerAddress address, char[] password, Repository.Location repository, OptionFile file) {
        /**
         * Registers the passwords in memory, for the connections this process opens: the server's under its address,
         * a shared repository's under its own.
         */
        void register() {
            Credentials.register(address, password);
            if (repository.server() != null && !repository.server().viaDataSource()) {
                String pw = System.getenv("OBK_REPOSITORY_PASSWORD");
                if (pw == null) {
                    pw = file.get("repository-password");
                }
                Credentials.register(repository.server(), pw == null ? new char[0] : pw.toCharArray());
            }
        }

        /**
         * Starts, each on a thread of its own, what the batch runtime of a backup or restore will need (the CDI
         * container; the repository and its history's Hibernate), so that the command's own checks overlap them.
         */
        void prepareRuntime() {
            register();
            SeBatchRuntime.prepare();
            Recorder.prepare(repository);
        }

        /** The batch runtime on the repository, the passwords registered first. */
        SeBatchRuntime runtime() {
            register();
            return SeBatchRuntime.start(repository);
        }

        /** The repository, which must exist: looking at it never creates one. */
        Repository existingRepository() {
            register();
            return Repository.existing(repository);
        }

        /** The repository's history for reading. */
        HistoryReader historyReader() {
            return HistoryReader.open(existingRepository());
        }

        /** The repository's history, for purging. */
        Recorder history() {
            return Recorder.of(existingRepository());
        }
    }

    /**
     * TLS as the command line, then the option file, ask for it. The files are read here, so a missing or unusable
     * one is a one-line error before anything starts.
     */
    private Tls tls(OptionFile file) {
        if (skipSsl || (!ssl && sslCa == null && sslCapath == null && sslCert == null && !sslVerifyServerCert
                && file.flag("skip-ssl"))) {
            return Tls.OFF;
        }
        String ca = path("--ssl-ca", sslCa, file.get("ssl-ca"));
        String capath = path("--ssl-capath", sslCapath, file.get("ssl-capath"));
        String cert = path("--ssl-cert", sslCert, file.get("ssl-cert"));
        String key = path("--ssl-key", sslKey, file.get("ssl-key"));
        try {
            if (ca != null) {
                Pem.certificates(Path.of(ca));
            }
            if (capath != null) {
                Pem.directory(Path.of(capath));
            }
            if (cert != null) {
                Pem.certificates(Path.of(cert));
            }
            if (key != null) {
                Pem.privateKey(Path.of(key));
            }
        } catch (Pem.Unusable e) {
            throw new OnlineBackupException(Message.USAGE, e.getMessage());
        }
        return new Tls(ssl || file.flag("ssl"), ca, sslVerifyServerCert || file.flag("ssl-verify-server-cert"), capath, cert, key);
    }

    /** An absolute path of a TLS file or directory, from the command line or the option file; null when neither gives one. */
    private static String path(String option, Path given, String fromFile) {
        String p = given != null ? given.toString() : fromFile;
        if (p == null || p.isBlank()) {
            return null;
        }
        Path abs = Path.of(p).toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new OnlineBackupException(Message.USAGE, option + " " + abs + ": no such file or directory");
        }
        return abs.toString();
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    private static char[] prompt(Main.Io io) {
        Console console = System.console();
        if (console != null && io.interactive()) {
            char[] pw = console.readPassword("Enter password: ");
            return pw == null ? new char[0] : pw;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)).readLine();
            return line == null ? new char[0] : line.toCharArray();
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.USAGE, "cannot read the password: " + e.getMessage());
        }
    }
}
