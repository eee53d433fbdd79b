package org.onlinebackup.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every Java has: of the parts given, in order. */
public final class Sha256 {
    private Sha256() {
    }

    public static byte[] of(byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }
}
