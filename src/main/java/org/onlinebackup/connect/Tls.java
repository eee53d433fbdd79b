package org.onlinebackup.connect;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * TLS to the server, as the MariaDB clients' {@code --ssl} options ask for it: off; encrypted without checking who
 * answers ({@code --ssl}); the server's certificate checked against a CA ({@code --ssl-ca}); and its name checked
 * against the host too ({@code --ssl-verify-server-cert}, against the CA given or Java's trusted ones). Holds no
 * secret (a file path), so it travels with the address in job parameters.
 */
public record Tls(boolean enabled, String ca, boolean verifyServerCert) {
    public static final Tls OFF = new Tls(false, null, false);

    public Tls {
        if (ca != null && ca.isBlank()) {
            ca = null;
        }
        if (ca != null && (ca.contains("&") || ca.contains("?"))) {
            throw new OnlineBackupException(Message.USAGE, "--ssl-ca " + ca + ": a path with '&' or '?' cannot be passed to the"
                    + " driver; copy the file to another path");
        }
        enabled = enabled || ca != null || verifyServerCert;
    }

    /** The Connector/J parameters, each with its leading {@code &}; none when TLS is off. */
    String urlParameters() {
        if (!enabled) {
            return "";
        }
        String mode = verifyServerCert ? "verify-full" : ca != null ? "verify-ca" : "trust";
        return "&sslMode=" + mode + (ca == null ? "" : "&serverSslCert=" + ca);
    }

    /** How the connection is protected, for messages. */
    public String describe() {
        return !enabled ? "no TLS" : verifyServerCert ? "TLS, the server's certificate and name checked"
                : ca != null ? "TLS, the server's certificate checked against " + ca : "TLS, the server's certificate not checked";
    }
}
