package org.onlinebackup.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Ed25519 public keys, as images name their signer and as restores trust one: the raw 32 bytes, their fingerprint
 * ({@code SHA256:} and the unpadded base64 of their SHA-256, as OpenSSH writes one), and the PEM files that hold
 * them ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo, as {@code openssl pkey -pubout} and
 * {@code online-backup keygen} write them). A trust file may hold several keys, one PEM block each: the keys of
 * this and of earlier years, say, so that images signed before a key changed still restore.
 */
public final class PublicKeyFile {
    /** The DER of an Ed25519 SubjectPublicKeyInfo up to its 32 key bytes (RFC 8410). */
    static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    public static final int KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PublicKeyFile() {
    }

    /** The keys of a trust file: one or more Ed25519 public keys in PEM. */
    public static List<byte[]> read(Path file) {
        String text = text(file, "trust key file " + file);
        if (text.contains("PRIVATE KEY-----")) {
            throw new OnlineBackupException(Message.KEY_INVALID, "trust key file " + file, "it holds a private key: give"
                    + " the public key (online-backup keygen wrote it to NAME.pub; openssl pkey -in KEY -pubout makes one)");
        }
        List<byte[]> keys = new ArrayList<>();
        for (byte[] der : blocks(text, "PUBLIC KEY", "trust key file " + file)) {
            keys.add(raw(der, "trust key file " + file));
        }
        if (keys.isEmpty()) {
            throw new OnlineBackupException(Message.KEY_INVALID, "trust key file " + file, "it holds no PEM public key"
                    + " (-----BEGIN PUBLIC KEY-----); make a key pair with: online-backup keygen --to FILE");
        }
        return keys;
    }

    /** The 32 key bytes of an Ed25519 SubjectPublicKeyInfo, or an error naming {@code where}. */
    static byte[] raw(byte[] der, String where) {
        if (der.length != ED25519_SPKI_PREFIX.length + KEY_BYTES
                || !Arrays.equals(der, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new OnlineBackupException(Message.KEY_INVALID, where, "it is not an Ed25519 public key (images are signed"
                    + " with Ed25519: openssl genpkey -algorithm ed25519, or online-backup keygen)");
        }
        return Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length);
    }

    /** The Ed25519 SubjectPublicKeyInfo of the 32 key bytes {@code raw}. */
    private static byte[] der(byte[] raw) {
        byte[] der = new byte[ED25519_SPKI_PREFIX.length + KEY_BYTES];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, KEY_BYTES);
        return der;
    }

    /** The PEM text of the public key {@code raw}. */
    public static String pem(byte[] raw) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(der(raw)) + "\n-----END PUBLIC KEY-----\n";
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the 32 key bytes. */
    public static String fingerprint(byte[] raw) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Sha256.of(raw));
    }

    /** Whether {@code signature} is the Ed25519 signature of {@code message} by the key {@code raw}. */
    public static boolean verifies(byte[] raw, byte[] message, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(raw)));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String text(Path file, String what) {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new OnlineBackupException(Message.KEY_INVALID, what, "it is larger than 1 MiB: not a key file");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, what, "it does not exist");
        } catch (AccessDeniedException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, what, "permission denied");
        } catch (IOException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, what, String.valueOf(e.getMessage()));
        }
    }

    static byte[] decode(String base64, String what) {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, what, "its PEM block is not base64");
        }
    }

    /** The PEM blocks of {@code text} labelled {@code label}, decoded. */
    static List<byte[]> blocks(String text, String label, String what) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                out.add(decode(m.group(2), what));
            }
        }
        return out;
    }
}
