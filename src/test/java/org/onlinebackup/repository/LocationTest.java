package org.onlinebackup.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.onlinebackup.connect.Tls;
import org.onlinebackup.feedback.OnlineBackupException;

/** Where a repository is, as a user writes it: a file, a MariaDB database with its TLS, or a JNDI data source. */
class LocationTest {
    @Test
    void aSharedRepositoryTakesTheClientsTlsOptions() {
        Repository.Location l = Repository.Location.parse(
                "mariadb://backup@repo1:3307/online_backup?ssl-ca=/etc/mysql/ca.pem&ssl-verify-server-cert");
        assertThat(l.database()).isEqualTo("online_backup");
        assertThat(l.server().host()).isEqualTo("repo1");
        assertThat(l.server().port()).isEqualTo(3307);
        assertThat(l.server().user()).isEqualTo("backup");
        assertThat(l.server().tls()).isEqualTo(new Tls(true, "/etc/mysql/ca.pem", true));
        assertThat(Repository.Location.parse("mariadb://backup@repo1:3307/online_backup").server().tls()).isEqualTo(Tls.OFF);
        Tls client = Repository.Location.parse("mariadb://backup@repo1/r?ssl-capath=/etc/ca&ssl-cert=/c.pem&ssl-key=/k.pem")
                .server().tls();
        assertThat(client).isEqualTo(new Tls(true, null, false, "/etc/ca", "/c.pem", "/k.pem"));
        assertThat(Repository.Location.parse("mariadb://backup@repo1/r?ssl").server().tls().enabled()).isTrue();
    }

    @Test
    void whatASharedRepositoryDoesNotTakeIsOneLine() {
        assertThatThrownBy(() -> Repository.Location.parse("mariadb://backup@repo1/r?sslmode=verify-full"))
                .isInstanceOf(OnlineBackupException.class)
                .hasMessage("OBK-1000 --repository mariadb://backup@repo1/r?sslmode=verify-full: unknown parameter 'sslmode';"
                        + " a shared repository takes ssl, ssl-ca, ssl-capath, ssl-cert, ssl-key and ssl-verify-server-cert");
        assertThatThrownBy(() -> Repository.Location.parse("mariadb://backup@repo1/r?ssl-ca="))
                .hasMessageContaining("ssl-ca needs a file");
        assertThatThrownBy(() -> Repository.Location.parse("mariadb://backup@repo1/?ssl"))
                .hasMessageContaining("name the database");
    }
}
