package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.Tls;
import org.onlinebackup.feedback.OnlineBackupException;

/** The MariaDB clients' TLS options, from the command line and the option file, as the connection gets them. */
class TlsOptionsTest {
    @TempDir
    Path dir;

    private Tls tls(String optionFile, String... args) throws Exception {
        return Resolved.address(dir, optionFile, args).tls();
    }

    /** A real certificate: the options read their files before anything starts. */
    private Path testCa() throws Exception {
        Path ca = dir.resolve("ca.pem");
        try (var in = getClass().getResourceAsStream("/tls/ca.pem")) {
            Files.write(ca, in.readAllBytes());
        }
        return ca;
    }

    @Test
    void theCommandLineAndTheOptionFileTurnTlsOnAndSayWhatIsChecked() throws Exception {
        Path ca = testCa();
        assertThat(tls("[client]\n")).isEqualTo(Tls.OFF);
        assertThat(tls("[client]\n", "--ssl")).isEqualTo(new Tls(true, null, false));
        assertThat(tls("[client]\nssl\n")).isEqualTo(new Tls(true, null, false));
        assertThat(tls("[client-mariadb]\nssl-ca = " + ca + "\nssl_verify_server_cert = ON\n"))
                .isEqualTo(new Tls(true, ca.toString(), true));
        assertThat(tls("[client]\nssl-ca = " + ca + "\n", "--skip-ssl")).isEqualTo(Tls.OFF);
        assertThat(tls("[client]\nskip-ssl\n", "--ssl-verify-server-cert")).isEqualTo(new Tls(true, null, true));
        assertThat(tls("[client]\nssl = 0\n")).isEqualTo(Tls.OFF);
    }

    @Test
    void theDriverIsToldTheModeAndTheCa() throws Exception {
        Path ca = testCa();
        assertThat(new ServerAddress("db", 3306, null, "u", tls("", "--ssl-ca", ca.toString(),
                "--ssl-verify-server-cert")).jdbcUrl(null)).endsWith("&sslMode=verify-full&serverSslCert=" + ca);
        assertThat(new ServerAddress("db", 3306, null, "u", tls("", "--ssl-ca", ca.toString()))
                .jdbcUrl(null)).endsWith("&sslMode=verify-ca&serverSslCert=" + ca);
        assertThat(new ServerAddress("db", 3306, null, "u", tls("", "--ssl")).jdbcUrl(null))
                .endsWith("&sslMode=trust");
        assertThat(new ServerAddress("db", 3306, null, "u").jdbcUrl(null)).doesNotContain("ssl");
    }

    @Test
    void whatIsNotThereOrNotUsableIsAClearError() throws Exception {
        assertThatThrownBy(() -> tls("[client]\n", "--ssl-cert", dir.resolve("client.pem").toString()))
                .isInstanceOf(OnlineBackupException.class).hasMessageContaining("--ssl-cert " + dir.resolve("client.pem")
                        + ": no such file or directory");
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello\n");
        assertThatThrownBy(() -> tls("[client]\nssl-key = " + notPem + "\n")).isInstanceOf(OnlineBackupException.class)
                .hasMessageContaining("not.pem holds no key this tool reads");
        assertThatThrownBy(() -> tls("[client]\n", "--ssl-ca", notPem.toString()))
                .isInstanceOf(OnlineBackupException.class).hasMessageContaining("not.pem is not a PEM certificate");
        assertThatThrownBy(() -> tls("[client]\n", "--ssl-capath", dir.toString()))
                .isInstanceOf(OnlineBackupException.class).hasMessageContaining("holds no PEM certificate");
        Path encrypted = dir.resolve("enc.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> tls("[client]\n", "--ssl-key", encrypted.toString()))
                .hasMessageContaining("is an encrypted key: give it unencrypted");
    }

    @Test
    void aCaDirectoryAndAClientCertificateGoToThePluginThatReadsThem() throws Exception {
        Tls t = new Tls(false, null, true, "/etc/ssl/cas", "/k/c.pem", "/k/k.pem");
        assertThat(t.enabled()).isTrue();
        assertThat(new ServerAddress("db", 3306, null, "u", t).jdbcUrl(null)).endsWith("&sslMode=verify-full"
                + "&tlsSocketType=online-backup-pem&obkSslCapath=/etc/ssl/cas&obkSslCert=/k/c.pem&obkSslKey=/k/k.pem");
        assertThatThrownBy(() -> new Tls(true, null, false, null, "/k/c.pem", null)).hasMessageContaining("go together");
    }
}
