package org.onlinebackup.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Certificates and private keys in the PEM files the MariaDB clients take ({@code --ssl-ca}, {@code --ssl-capath},
 * {@code --ssl-cert}, {@code --ssl-key}), as Java key material, read in memory: no keystore file, no keystore
 * password. A key is PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY});
 * an encrypted key is refused, as the clients would ask for its passphrase.
 */
public final class Pem {
    private Pem() {
    }

    /** What is wrong with a file, for a one-line error that names it. */
    public static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /** Every certificate of a PEM file (a chain, or several CAs). */
    public static List<X509Certificate> certificates(Path file) throws Unusable {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new Unusable(file + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
            }
            return out;
        } catch (IOException e) {
            throw new Unusable("cannot read " + file + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new Unusable(file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    /** The certificates of every file of {@code dir} that holds some (an OpenSSL CA directory; other files skipped). */
    public static List<X509Certificate> directory(Path dir) throws Unusable {
        if (!Files.isDirectory(dir)) {
            throw new Unusable(dir + " is not a directory");
        }
        List<X509Certificate> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    out.addAll(certificates(f));
                } catch (Unusable notACertificate) {
                    // a CA directory holds other files too (CRLs, notes)
                }
            }
        } catch (IOException e) {
            throw new Unusable("cannot read " + dir + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new Unusable(dir + " holds no PEM certificate");
        }
        return out;
    }

    /** The private key of a PEM file. */
    public static PrivateKey privateKey(Path file) throws Unusable {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new Unusable("cannot read " + file + ": " + e.getMessage());
        }
        if (text.contains("ENCRYPTED")) {
            throw new Unusable(file + " is an encrypted key: give it unencrypted (openssl pkey -in KEY -out PLAIN), mode 600");
        }
        byte[] der;
        if (text.contains("-----BEGIN PRIVATE KEY-----")) {
            der = body(text, "PRIVATE KEY");
        } else if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            der = pkcs1ToPkcs8(body(text, "RSA PRIVATE KEY"));
        } else {
            throw new Unusable(file + " holds no key this tool reads (PEM, -----BEGIN PRIVATE KEY----- or"
                    + " -----BEGIN RSA PRIVATE KEY-----; convert others with openssl pkcs8 -topk8 -nocrypt)");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException wrongAlgorithm) {
                // the next one
            }
        }
        throw new Unusable(file + " holds a private key of a kind Java does not read (RSA, EC, Ed25519, Ed448 are read)");
    }

    /** A key store in memory with {@code key} and its certificate chain under alias {@code client}, password empty. */
    public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        ks.setKeyEntry("client", key, new char[0], chain.toArray(Certificate[]::new));
        return ks;
    }

    /** A key store in memory trusting {@code cas}. */
    public static KeyStore trustStore(List<X509Certificate> cas) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca" + i, cas.get(i));
        }
        return ks;
    }

    private static byte[] body(String text, String label) throws Unusable {
        int start = text.indexOf("-----BEGIN " + label + "-----");
        int end = text.indexOf("-----END " + label + "-----", start);
        if (end < 0) {
            throw new Unusable("the " + label + " block has no END line");
        }
        String b64 = text.substring(start + ("-----BEGIN " + label + "-----").length(), end).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new Unusable("the " + label + " block is not base64: " + e.getMessage());
        }
    }

    /** PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo: version 0, rsaEncryption with NULL parameters. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(new byte[] {0x02, 0x01, 0x00});
        inner.writeBytes(algorithm);
        inner.write(0x04);
        inner.writeBytes(length(pkcs1.length));
        inner.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(inner.size()));
        out.writeBytes(inner.toByteArray());
        return out.toByteArray();
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
}
