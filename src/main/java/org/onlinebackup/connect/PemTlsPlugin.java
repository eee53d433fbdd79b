package org.onlinebackup.connect;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.export.SslMode;
import org.mariadb.jdbc.plugin.tls.main.DefaultTlsSocketPlugin;

/**
 * Connector/J's TLS, with the key material the MariaDB clients take as PEM files read in memory: a client
 * certificate and key ({@code --ssl-cert}, {@code --ssl-key}) and a CA directory ({@code --ssl-capath}), which the
 * driver itself takes only as keystore files with passwords. The paths come as the URL options {@link #CERT},
 * {@link #KEY} and {@link #CAPATH} (the driver keeps options it does not know); the rest (trust-all for
 * {@code --ssl} alone, {@code serverSslCert}, the host name check) is the driver's own.
 */
public final class PemTlsPlugin extends DefaultTlsSocketPlugin {
    public static final String TYPE = "online-backup-pem";
    static final String CERT = "obkSslCert";
    static final String KEY = "obkSslKey";
    static final String CAPATH = "obkSslCapath";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory exceptionFactory, HostAddress hostAddress)
            throws SQLException {
        String capath = option(conf, CAPATH);
        if (capath == null || conf.sslMode() == SslMode.TRUST) {
            return super.getTrustManager(conf, exceptionFactory, hostAddress);
        }
        try {
            List<X509Certificate> cas = new ArrayList<>(Pem.directory(Path.of(capath)));
            if (conf.serverSslCert() != null) {
                cas.addAll(Pem.certificates(Path.of(conf.serverSslCert())));
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(Pem.trustStore(cas));
            return f.getTrustManagers();
        } catch (Pem.Unusable | GeneralSecurityException e) {
            throw exceptionFactory.create("--ssl-capath: " + e.getMessage(), "08000", e);
        }
    }

    @Override
    public KeyManager[] getKeyManager(Configuration conf, ExceptionFactory exceptionFactory) throws SQLException {
        String cert = option(conf, CERT);
        String key = option(conf, KEY);
        if (cert == null || key == null) {
            return super.getKeyManager(conf, exceptionFactory);
        }
        try {
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(Pem.keyStore(Pem.privateKey(Path.of(key)), Pem.certificates(Path.of(cert))), new char[0]);
            return f.getKeyManagers();
        } catch (Pem.Unusable | GeneralSecurityException e) {
            throw exceptionFactory.create("--ssl-cert/--ssl-key: " + e.getMessage(), "08000", e);
        }
    }

    private static String option(Configuration conf, String name) {
        Properties p = conf.nonMappedOptions();
        String v = p == null ? null : p.getProperty(name);
        return v == null || v.isBlank() ? null : v;
    }
}
