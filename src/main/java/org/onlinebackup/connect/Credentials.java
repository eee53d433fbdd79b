package org.onlinebackup.connect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passwords, kept in this process's memory only, by {@link ServerAddress#credentialKey()}. The process that
 * starts (or restarts) a job registers the password; job parameters carry only the address. A password therefore
 * never reaches a job parameter, the job repository, a history row or the command line of a child process.
 */
public final class Credentials {
    private static final Map<String, char[]> PASSWORDS = new ConcurrentHashMap<>();

    private Credentials() {
    }

    public static void register(ServerAddress address, char[] password) {
        PASSWORDS.put(address.credentialKey(), password == null ? new char[0] : password.clone());
    }

    /** The registered password, or an empty one. */
    static char[] passwordFor(ServerAddress address) {
        return PASSWORDS.getOrDefault(address.credentialKey(), new char[0]);
    }
}
