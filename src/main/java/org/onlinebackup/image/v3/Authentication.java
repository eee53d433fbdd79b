package org.onlinebackup.image.v3;

import org.onlinebackup.image.ImageKeys;

/**
 * Who vouches for an image: {@code signer} is the fingerprint of the key whose seal it carries (checked, or the image
 * would not have opened; null when it is not signed); {@code by} names the key given that authenticates it (a
 * trusted signing key, or the decryption key of an encrypted image), null when none does; {@code why} says why not.
 * Only an image authenticated by a key the operator gave is trusted to restore exactly as recorded.
 */
public record Authentication(String signer, String by, String why) {

    static Authentication of(ImageKeys keys, Seal seal, boolean decrypted) {
        String signer = seal == null ? null : seal.fingerprint();
        if (seal != null && keys.trusts(seal.publicKey())) {
            return new Authentication(signer, "signing key " + signer, null);
        }
        if (decrypted) {
            return new Authentication(signer, "the decryption key (AES-256-GCM)", null);
        }
        String why = seal == null ? "it is not signed" : "it is signed by key " + signer + ", which is not a trusted key";
        if (keys.master() != null) {
            why += ", and it is not encrypted";
        }
        return new Authentication(signer, null, why);
    }

    /** Whether a key the operator gave authenticates the image. */
    public boolean trusted() {
        return by != null;
    }

    /** One line for list and verify: "authenticated by signing key SHA256:..." or "untrusted: ...". */
    public String describe() {
        if (by != null) {
            return "authenticated by " + by;
        }
        return "untrusted: " + why + (signer == null ? "" : " (give its public key with --trust-key FILE to trust it)");
    }
}
