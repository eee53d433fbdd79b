package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.Tls;
import org.onlinebackup.feedback.OnlineBackupException;

import picocli.CommandLine;

/** The MariaDB clients' TLS options, from the command line and the option file, as the connection gets them. */
class TlsOptionsTest {
    @TempDir
    Path dir;

    private Tls tls(String optionFile, String... args) throws Exception {
        Path cnf = dir.resolve("my.cnf");
        Files.writeString(cnf, optionFile);
        ConnectionOptions o = new ConnectionOptions();
        String[] all = new String[args.length + 2];
        all[0] = "--defaults-file";
        all[1] = cnf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        new CommandLine(o).parseArgs(all);
        PrintStream none = new PrintStream(PrintStream.nullOutputStream());
        return o.resolve(new Main.Io(new ByteArrayInputStream(new byte[0]), none, none, false, false)).address().tls();
    }

    @Test
    void theCommandLineAndTheOptionFileTurnTlsOnAndSayWhatIsChecked() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "not read here");
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
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "x");
        assertThat(new ServerAddress("db", 3306, null, "u", tls("", "--ssl-ca", ca.toString(),
                "--ssl-verify-server-cert")).jdbcUrl(null)).endsWith("&sslMode=verify-full&serverSslCert=" + ca);
        assertThat(new ServerAddress("db", 3306, null, "u", tls("", "--ssl-ca", ca.toString()))
                .jdbcUrl(null)).endsWith("&sslMode=verify-ca&serverSslCert=" + ca);
        assertThat(new ServerAddress("db", 3306, null, "u", tls("", "--ssl")).jdbcUrl(null))
                .endsWith("&sslMode=trust");
        assertThat(new ServerAddress("db", 3306, null, "u").jdbcUrl(null)).doesNotContain("ssl");
    }

    @Test
    void whatIsNotSupportedOrNotThereIsAClearError() {
        assertThatThrownBy(() -> tls("[client]\n", "--ssl-cert", "client.pem")).isInstanceOf(OnlineBackupException.class)
                .hasMessageContaining("--ssl-cert, --ssl-key and --ssl-capath are not supported yet");
        assertThatThrownBy(() -> tls("[client]\nssl-key = k.pem\n")).isInstanceOf(OnlineBackupException.class)
                .hasMessageContaining("take ssl-key out of the option file");
        assertThatThrownBy(() -> tls("[client]\n", "--ssl-ca", dir.resolve("absent.pem").toString()))
                .isInstanceOf(OnlineBackupException.class).hasMessageContaining("no such readable file");
    }
}
