package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestServer;

/**
 * Backup and restore over TLS to a private server with a certificate of a test CA and
 * {@code require_secure_transport=ON}: with {@code --ssl-ca} and {@code --ssl-verify-server-cert} they work; without
 * TLS, with another CA, or to a name the certificate does not carry, they fail with one clear line.
 */
class TlsIT {
    @TempDir
    static Path certs;

    @TempDir
    Path dir;

    private static PrivateServer server;

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true)
                .redirectOutput(certs.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + Files.readString(certs.resolve("openssl.log")));
        }
    }

    /** A CA, and a server certificate it signs for 127.0.0.1 (as an IP address, so a name check can pass). */
    private static void makeCertificates() throws Exception {
        for (String ca : List.of("ca", "other-ca")) {
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Online Backup test " + ca,
                    "-keyout", ca + "-key.pem", "-out", ca + ".pem");
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server-key.pem",
                "-out", "server.csr");
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2",
                "-extfile", "san.ext", "-out", "server.pem");
    }

    @BeforeAll
    static void startServer() throws Exception {
        makeCertificates();
        server = PrivateServer.start("tls", "--ssl-ca=" + certs.resolve("ca.pem"), "--ssl-cert=" + certs.resolve("server.pem"),
                "--ssl-key=" + certs.resolve("server-key.pem"));
        try (Connection c = server.connect()) {
            TestServer.execute(c, "SET GLOBAL require_secure_transport = ON");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Connection connect() throws Exception {
        return server.connect("&sslMode=trust");
    }

    @Test
    void aBackupAndARestoreOverVerifiedTlsWork() throws Exception {
        try (Connection c = connect()) {
            String db = TestServer.uniqueName("tls");
            TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO " + db + ".t VALUES (1, 'over'), (2, 'tls')");
            Map<String, String> source = Definitions.of(c, db, "src");
            Path image = dir.resolve("tls.obk");
            String ca = certs.resolve("ca.pem").toString();
            Cli.Result backup = server.cli("backup", "--ssl-ca", ca, "--ssl-verify-server-cert", "--databases", db,
                    "--to", image.toString());
            assertThat(backup.code()).as(backup.toString()).isZero();
            Cli.Result restore = server.cli("restore", "--ssl-ca", ca, "--ssl-verify-server-cert", "--from", image.toString(),
                    "--rename", db + "=" + db + "_c");
            assertThat(restore.code()).as(restore.toString()).isZero();
            Definitions.assertSame(Definitions.of(c, db + "_c", "src"), source);
            TestServer.drop(c, db, db + "_c");
        }
    }

    /**
     * An account that requires a client certificate (REQUIRE SUBJECT): a backup and a restore with --ssl-cert and
     * --ssl-key (the key in PKCS#8, then in PKCS#1) and the CA as a directory (--ssl-capath) work and restore equal;
     * without the certificate the server refuses; a certificate without its key, or a file that is no key, is one
     * line before anything starts.
     */
    @Test
    void aClientCertificateAndACaDirectoryWork() throws Exception {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=obk-client", "-keyout", "client-key.pem", "-out", "client.csr");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2",
                "-out", "client.pem");
        openssl("rsa", "-in", "client-key.pem", "-traditional", "-out", "client-key-rsa.pem");
        Path capath = Files.createDirectories(certs.resolve("capath"));
        Files.copy(certs.resolve("ca.pem"), capath.resolve("ca.pem"));
        Files.copy(certs.resolve("other-ca.pem"), capath.resolve("other.pem"));
        Files.writeString(capath.resolve("README"), "not a certificate\n");
        try (Connection c = connect()) {
            String db = TestServer.uniqueName("tls_x509");
            TestServer.execute(c, "CREATE USER IF NOT EXISTS 'obk_x509'@'127.0.0.1' IDENTIFIED BY 'x509-pw' REQUIRE SUBJECT '/CN=obk-client'",
                    "GRANT ALL ON *.* TO 'obk_x509'@'127.0.0.1'", "CREATE DATABASE " + db,
                    "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO " + db + ".t VALUES (1, 'x509')");
            Map<String, String> source = Definitions.of(c, db, "src");
            List<String> login = List.of("--host", "127.0.0.1", "--port", server.cliOptions().get(3), "--user", "obk_x509",
                    "--password=x509-pw", "--ssl-capath", capath.toString(), "--ssl-verify-server-cert");
            Path image = dir.resolve("x509.obk");
            Cli.Result backup = cli("backup", login, "--ssl-cert", certs.resolve("client.pem").toString(), "--ssl-key",
                    certs.resolve("client-key.pem").toString(), "--databases", db, "--to", image.toString());
            assertThat(backup.code()).as(backup.toString()).isZero();
            Cli.Result restore = cli("restore", login, "--ssl-cert", certs.resolve("client.pem").toString(), "--ssl-key",
                    certs.resolve("client-key-rsa.pem").toString(), "--from", image.toString(), "--rename", db + "=" + db + "_c");
            assertThat(restore.code()).as(restore.toString()).isZero();
            Definitions.assertSame(Definitions.of(c, db + "_c", "src"), source);

            Cli.Result noCert = cli("backup", login, "--databases", db, "--to", dir.resolve("no-cert.obk").toString());
            assertThat(noCert.code()).isEqualTo(1);
            assertThat(noCert.err()).startsWith("online-backup: OBK-1002 access denied for user 'obk_x509'");
            Cli.Result half = cli("backup", login, "--ssl-cert", certs.resolve("client.pem").toString(), "--databases", db,
                    "--to", dir.resolve("half.obk").toString());
            assertThat(half.code()).isEqualTo(2);
            assertThat(half.err()).contains("--ssl-cert and --ssl-key go together");
            Cli.Result notAKey = cli("backup", login, "--ssl-cert", certs.resolve("client.pem").toString(), "--ssl-key",
                    certs.resolve("client.pem").toString(), "--databases", db, "--to", dir.resolve("bad.obk").toString());
            assertThat(notAKey.code()).isEqualTo(2);
            assertThat(notAKey.err()).contains("client.pem holds no key this tool reads");
            Path otherOnly = Files.createDirectories(certs.resolve("capath-other"));
            Files.copy(certs.resolve("other-ca.pem"), otherOnly.resolve("other.pem"));
            Cli.Result wrongCas = Cli.run("backup", "--host", "127.0.0.1", "--port", server.cliOptions().get(3), "--user", "obk_x509",
                    "--password=x509-pw", "--ssl-capath", otherOnly.toString(), "--ssl-cert", certs.resolve("client.pem").toString(),
                    "--ssl-key", certs.resolve("client-key.pem").toString(), "--databases", db, "--to", dir.resolve("w.obk").toString());
            assertThat(wrongCas.code()).isEqualTo(1);
            assertThat(wrongCas.err()).as("the CA directory is what the server's certificate is checked against")
                    .startsWith("online-backup: OBK-1031").contains("its certificate is not signed by a CA of --ssl-capath " + otherOnly);
            TestServer.drop(c, db, db + "_c");
            TestServer.execute(c, "DROP USER 'obk_x509'@'127.0.0.1'");
        }
    }

    private static Cli.Result cli(String command, List<String> login, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(login);
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void withoutTlsTheServerRefusesAndTheErrorSaysWhy() {
        Cli.Result r = server.cli("backup", "--all", "--to", dir.resolve("x.obk").toString());
        System.out.println("TlsIT: without TLS: " + r.err().trim());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("online-backup: OBK-1002 access denied").contains("connect with --ssl");
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedClearly() {
        Cli.Result r = server.cli("backup", "--ssl-ca", certs.resolve("other-ca.pem").toString(), "--ssl-verify-server-cert",
                "--all", "--to", dir.resolve("x.obk").toString());
        System.out.println("TlsIT: another CA: " + r.err().trim());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("online-backup: OBK-1031 TLS with the MariaDB server at 127.0.0.1:").contains("certificate");
    }

    @Test
    void aNameTheCertificateDoesNotCarryIsRefusedClearly() throws Exception {
        // the server's certificate names db.example.com, not 127.0.0.1, for this test (FLUSH SSL reloads it)
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=db.example.com", "-keyout", "named-key.pem",
                "-out", "named.csr");
        Files.writeString(certs.resolve("named.ext"), "subjectAltName=DNS:db.example.com\n");
        openssl("x509", "-req", "-in", "named.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2",
                "-extfile", "named.ext", "-out", "named.pem");
        Path cert = certs.resolve("server.pem");
        Path key = certs.resolve("server-key.pem");
        byte[] certBefore = Files.readAllBytes(cert);
        byte[] keyBefore = Files.readAllBytes(key);
        try (Connection c = connect()) {
            Files.copy(certs.resolve("named.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(certs.resolve("named-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            TestServer.execute(c, "FLUSH SSL");
            Cli.Result r = server.cli("backup", "--ssl-ca", certs.resolve("ca.pem").toString(), "--ssl-verify-server-cert",
                    "--all", "--to", dir.resolve("x.obk").toString());
            System.out.println("TlsIT: another name: " + r.err().trim());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.err()).startsWith("online-backup: OBK-1031 TLS with the MariaDB server at 127.0.0.1:").contains("certificate");
            Cli.Result unchecked = server.cli("backup", "--ssl-ca", certs.resolve("ca.pem").toString(), "--all", "--to",
                    dir.resolve("y.obk").toString());
            assertThat(unchecked.code()).as("the CA checked, the name not: " + unchecked).isZero();
        } finally {
            Files.write(cert, certBefore);
            Files.write(key, keyBefore);
            try (Connection c = connect()) {
                TestServer.execute(c, "FLUSH SSL");
            }
        }
    }

    /**
     * A shared repository on a server that takes only TLS: its location's ssl-ca and ssl-verify-server-cert reach it
     * (the backup's history is there); without them the backup is refused in one line naming the repository, and
     * leaves nothing.
     */
    @Test
    void aSharedRepositoryIsReachedOverTlsWithTheOptionsOfItsLocation() throws Exception {
        String repositoryDb = TestServer.uniqueName("tls_repository");
        String db = TestServer.uniqueName("tls_source");
        try (Connection c = connect(); Connection source = TestServer.connect()) {
            TestServer.execute(c, "CREATE USER IF NOT EXISTS 'obk_repository'@'127.0.0.1' IDENTIFIED BY '"
                    + System.getenv("OBK_REPOSITORY_PASSWORD") + "'", "GRANT ALL ON `" + repositoryDb + "`.* TO 'obk_repository'@'127.0.0.1'");
            TestServer.execute(source, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                    "INSERT INTO " + db + ".t VALUES (1)");
            try {
                String plain = "mariadb://obk_repository@127.0.0.1:" + server.port() + "/" + repositoryDb;
                Path refused = dir.resolve("refused.obk");
                Cli.Result r = Cli.onServer("backup", "--repository", plain, "--databases", db, "--to", refused.toString());
                assertThat(r.code()).as(r.toString()).isEqualTo(1);
                assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
                assertThat(r.err()).startsWith("online-backup: OBK-1035 repository " + plain + ": access denied for user"
                        + " 'obk_repository'").contains("ask for TLS in the location: ?ssl-ca=FILE&ssl-verify-server-cert");
                assertThat(refused).doesNotExist();

                String tls = plain + "?ssl-ca=" + certs.resolve("ca.pem") + "&ssl-verify-server-cert";
                Cli.Result b = Cli.onServer("backup", "--repository", tls, "--databases", db, "--to", dir.resolve("tls.obk").toString());
                assertThat(b.code()).as(b.toString()).isZero();
                assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM `" + repositoryDb + "`.backup_history"
                        + " WHERE backup_state = 'complete'")).isEqualTo(1);
                Cli.Result h = Cli.onServer("history", "--repository", tls);
                assertThat(h.out()).as(h.toString()).containsPattern("backup\\s+complete");
            } finally {
                TestServer.drop(source, db);
                TestServer.execute(c, "DROP DATABASE IF EXISTS `" + repositoryDb + "`", "DROP USER 'obk_repository'@'127.0.0.1'");
            }
        }
    }
}
