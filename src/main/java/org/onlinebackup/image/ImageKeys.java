package org.onlinebackup.image;

import java.util.Arrays;
import java.util.List;

/**
 * The keys an operator gives a restore, {@code verify} or {@code list}: the key that decrypts images (it also
 * authenticates them: AES-GCM), and the public keys of the signers it trusts. When any is given, an image that none
 * of them authenticates is refused: a plain or unsigned image cannot stand in for an authenticated one.
 */
public record ImageKeys(MasterKey master, List<byte[]> trusted, String trustSource) {
    public static final ImageKeys NONE = new ImageKeys(null, List.of(), null);

    public ImageKeys {
        trusted = List.copyOf(trusted);
    }

    public static ImageKeys of(MasterKey master) {
        return new ImageKeys(master, List.of(), null);
    }

    /** Whether any key was given: then every image must be authenticated by one of them. */
    public boolean given() {
        return master != null || !trusted.isEmpty();
    }

    /** Whether the public key {@code raw} is one of the trusted signers. */
    public boolean trusts(byte[] raw) {
        return trusted.stream().anyMatch(k -> Arrays.equals(k, raw));
    }

    /** The keys given, for a message: "the decryption key and the trusted keys of FILE". */
    public String describe() {
        String t = trusted.isEmpty() ? null : "the " + trusted.size() + " trusted signing key(s) of " + trustSource;
        if (master == null) {
            return t == null ? "none" : t;
        }
        return "the decryption key" + (t == null ? "" : " and " + t);
    }
}
