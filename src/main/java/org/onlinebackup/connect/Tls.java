package org.onlinebackup.connect;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * TLS to the server, as the MariaDB clients' {@code --ssl} options ask for it: off; encrypted without checking who
 * answers ({@code --ssl}); the server's certificate checked against a CA file or a CA directory ({@code --ssl-ca},
 * {@code --ssl-capath}); and its name checked against the host too ({@code --ssl-verify-server-cert}, against the
 * CAs given or Java's trusted ones); with a client certificate and its key ({@code --ssl-cert}, {@code --ssl-key})
 * for an account that requires one. Holds no secret (file paths), so it travels with the address in job parameters.
 */
public record Tls(boolean enabled, String ca, boolean verifyServerCert, String capath, String cert, String key) {
    public static final Tls OFF = new Tls(false, null, false);

    public Tls {
        ca = blankToNull(ca);
        capath = blankToNull(capath);
        cert = blankToNull(cert);
        key = blankToNull(key);
        for (String path : new String[] {ca, capath, cert, key}) {
            if (path != null && (path.contains("&") || path.contains("?"))) {
                throw new OnlineBackupException(Message.USAGE, path + ": a TLS file path with '&' or '?' cannot be passed to"
                        + " the driver; copy the file to another path");
            }
        }
        if ((cert == null) != (key == null)) {
            throw new OnlineBackupException(Message.USAGE, "--ssl-cert and --ssl-key go together: the certificate and its key");
        }
        enabled = enabled || ca != null || capath != null || verifyServerCert || cert != null;
    }

    /** Without a CA directory or a client certificate. */
    public Tls(boolean enabled, String ca, boolean verifyServerCert) {
        this(enabled, ca, verifyServerCert, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The Connector/J parameters, each with its leading {@code &}; none when TLS is off. */
    String urlParameters() {
        if (!enabled) {
            return "";
        }
        String mode = verifyServerCert ? "verify-full" : ca != null || capath != null ? "verify-ca" : "trust";
        StringBuilder b = new StringBuilder("&sslMode=" + mode + (ca == null ? "" : "&serverSslCert=" + ca));
        if (capath != null || cert != null) {
            b.append("&tlsSocketType=").append(PemTlsPlugin.TYPE);
            if (capath != null) {
                b.append('&').append(PemTlsPlugin.CAPATH).append('=').append(capath);
            }
            if (cert != null) {
                b.append('&').append(PemTlsPlugin.CERT).append('=').append(cert)
                        .append('&').append(PemTlsPlugin.KEY).append('=').append(key);
            }
        }
        return b.toString();
    }

    /** How the connection is protected, for messages. */
    public String describe() {
        String cas = ca != null && capath != null ? ca + " and " + capath : ca != null ? ca : capath;
        String how = !enabled ? "no TLS" : verifyServerCert ? "TLS, the server's certificate and name checked"
                : cas != null ? "TLS, the server's certificate checked against " + cas : "TLS, the server's certificate not checked";
        return cert == null ? how : how + ", client certificate " + cert;
    }
}
