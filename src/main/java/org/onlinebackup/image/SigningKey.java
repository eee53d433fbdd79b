package org.onlinebackup.image;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * The private key that signs images: Ed25519, from a PEM file ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8, as
 * {@code openssl genpkey -algorithm ed25519} and {@code online-backup keygen} write it). Only the backup host holds
 * it; restore hosts hold the public key, so they can check an image but not make one. {@link #toString()} does not
 * show it, and it is never a job parameter (its file name is).
 */
public final class SigningKey {
    private final PrivateKey key;
    private final byte[] publicKey;

    private SigningKey(PrivateKey key, byte[] publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    public static SigningKey fromFile(Path file) {
        String what = "signing key file " + file;
        String text = PublicKeyFile.text(file, what);
        List<byte[]> blocks = PublicKeyFile.blocks(text, "PRIVATE KEY", what);
        if (blocks.size() != 1) {
            throw new OnlineBackupException(Message.KEY_INVALID, what, (blocks.isEmpty() ? "it holds no" : "it holds more than one")
                    + " unencrypted PEM private key (-----BEGIN PRIVATE KEY-----); make a key pair with: online-backup keygen --to FILE");
        }
        try {
            PrivateKey k = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
            byte[] seed = ((EdECPrivateKey) k).getBytes().orElseThrow();
            return new SigningKey(k, derivePublic(seed));
        } catch (GeneralSecurityException | ClassCastException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, what, "it is not an Ed25519 private key (images are signed"
                    + " with Ed25519: openssl genpkey -algorithm ed25519, or online-backup keygen)");
        }
    }

    /**
     * The public key of the private key {@code seed}: the JDK's generator makes a key pair from 32 random bytes,
     * which are the private key, so given those bytes it makes this key's pair. Checked: the pair's private key must
     * be {@code seed}, and a signature by it must verify under the public key.
     */
    private static byte[] derivePublic(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
        KeyPair pair = g.generateKeyPair();
        byte[] raw = PublicKeyFile.raw(pair.getPublic().getEncoded(), "the derived public key");
        byte[] check = "online-backup key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded())));
        s.update(check);
        byte[] sig = s.sign();
        if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)
                || !PublicKeyFile.verifies(raw, check, sig)) {
            throw new GeneralSecurityException("the public key could not be derived from the private key");
        }
        return raw;
    }

    /**
     * Makes a new key pair: {@code file} (the private key, mode 0600) and {@code file.pub} (the public key). Neither
     * may exist. Returns the key.
     */
    public static SigningKey generate(Path file) {
        Path pub = publicFile(file);
        for (Path f : List.of(file, pub)) {
            if (Files.exists(f)) {
                throw new OnlineBackupException(Message.KEY_INVALID, "key file " + f, "it exists already; a key file is never replaced");
            }
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] raw = PublicKeyFile.raw(pair.getPublic().getEncoded(), "the new public key");
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            PrivateFiles.write(file, pem);
            Files.writeString(pub, PublicKeyFile.pem(raw), java.nio.file.StandardOpenOption.CREATE_NEW);
            return new SigningKey(pair.getPrivate(), raw);
        } catch (FileAlreadyExistsException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, "key file " + e.getFile(), "it exists already; a key file is never replaced");
        } catch (IOException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, "key file " + file, String.valueOf(e.getMessage()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java cannot make Ed25519 keys", e);
        }
    }

    /** Where {@link #generate} writes the public key of {@code file}. */
    public static Path publicFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".pub");
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The 32 bytes of the public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String fingerprint() {
        return PublicKeyFile.fingerprint(publicKey);
    }

    @Override
    public String toString() {
        return "SigningKey[" + fingerprint() + "]";
    }

    /** A random source that gives the same bytes once, for {@link #derivePublic}. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private boolean used;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (used || out.length != bytes.length) {
                throw new IllegalStateException("the key generator asked for other random bytes than the private key");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
            used = true;
        }
    }
}
