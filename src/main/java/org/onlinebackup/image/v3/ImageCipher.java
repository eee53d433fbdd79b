package org.onlinebackup.image.v3;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.onlinebackup.image.MasterKey;

/**
 * Encryption of an image (scheme 1): AES-256-GCM per record, with a key of the image's own, HKDF-SHA256 of the
 * master key and the image's random 32-byte salt, so no two images share a key. A record's nonce is its place in
 * the image (the catalogue; a data chunk's table, key range and sequence number), unique in the image, so with the
 * image's own key no nonce is ever used twice; the same place is bound into the authenticated data with everything
 * in the clear around it (the header, for the catalogue; the chunk's whole head: table, range, sequence, flags, row
 * count and raw length), so a record cannot be altered, moved, swapped or taken from another image without the tag
 * failing. The header carries the salt and
 * a key check, the first 16 bytes of HMAC-SHA256 under the image key, to tell a wrong key from a damaged image.
 * Compression, when there is some, comes before encryption.
 */
public final class ImageCipher {
    public static final int SCHEME_AES_256_GCM = 1;
    public static final int SALT_SIZE = 32;
    public static final int CHECK_SIZE = 16;
    public static final int TAG_SIZE = 16;

    private final SecretKeySpec key;
    private final byte[] salt;

    private ImageCipher(byte[] imageKey, byte[] salt) {
        this.key = new SecretKeySpec(imageKey, "AES");
        this.salt = salt.clone();
    }

    /** The cipher of a new image: a fresh random salt. */
    public static ImageCipher create(MasterKey master) {
        byte[] salt = new byte[SALT_SIZE];
        new SecureRandom().nextBytes(salt);
        return of(master, salt);
    }

    /** The cipher of the image with this salt. */
    public static ImageCipher of(MasterKey master, byte[] salt) {
        byte[] m = master.bytes();
        try {
            byte[] prk = hmac(salt, m);
            byte[] okm = hmac(prk, concat("online-backup image v2 key".getBytes(StandardCharsets.US_ASCII), new byte[] {1}));
            return new ImageCipher(okm, salt);
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }

    public byte[] salt() {
        return salt.clone();
    }

    /** The key check the header records. */
    public byte[] check() {
        return Arrays.copyOf(hmac(key.getEncoded(), "online-backup key check".getBytes(StandardCharsets.US_ASCII)), CHECK_SIZE);
    }

    /** Whether {@code check} is this key's check. */
    public boolean matches(byte[] check) {
        return MessageDigest.isEqual(check(), check);
    }

    /** The catalogue body sealed; {@code header} is the header record's body, bound into the authenticated data. */
    byte[] sealCatalogue(byte[] plain, byte[] header) {
        return crypt(Cipher.ENCRYPT_MODE, nonce(ImageFormat.KIND_CATALOGUE, 0, 0, 0), digest(header), plain, 0, plain.length);
    }

    byte[] openCatalogue(byte[] sealed, byte[] header) throws AEADBadTagException {
        return open(nonce(ImageFormat.KIND_CATALOGUE, 0, 0, 0), digest(header), sealed, 0, sealed.length);
    }

    /** A chunk's payload sealed; {@code head} is its clear head (table, range, sequence, flags, rows, length). */
    public byte[] sealChunk(byte[] head, int table, int range, int sequence, byte[] payload, int off, int len) {
        return crypt(Cipher.ENCRYPT_MODE, nonce(ImageFormat.KIND_DATA, table, range, sequence), head, payload, off, len);
    }

    byte[] openChunk(byte[] head, int table, int range, int sequence, byte[] sealed, int off, int len) throws AEADBadTagException {
        return open(nonce(ImageFormat.KIND_DATA, table, range, sequence), head, sealed, off, len);
    }

    /** kind(u8) range(u24) table(u32) sequence(u32): unique per record of an image (ranges number below 2^24). */
    private static byte[] nonce(byte kind, int table, int range, int sequence) {
        return ByteBuffer.allocate(12).put(kind).put((byte) (range >>> 16)).put((byte) (range >>> 8)).put((byte) range)
                .putInt(table).putInt(sequence).array();
    }

    private byte[] open(byte[] nonce, byte[] aad, byte[] sealed, int off, int len) throws AEADBadTagException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(sealed, off, len);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] aad, byte[] data, int off, int len) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG_SIZE * 8, nonce));
            c.updateAAD(aad);
            return c.doFinal(data, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
