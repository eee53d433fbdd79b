package org.onlinebackup.image.v3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.MasterKey;
import org.onlinebackup.image.PublicKeyFile;
import org.onlinebackup.image.SigningKey;

/** Signed images: the seal round-trips, every alteration with its CRC made right is refused, no downgrade. */
class SealTest {
    @TempDir
    Path dir;

    private Path write(String name, SigningKey signer, ImageCipher cipher) throws IOException {
        Path image = dir.resolve(name + ".obk");
        try (ImageWriter w = ImageWriter.create(image, ImageCodecTest.HEADER, cipher, Compression.ZSTD, signer)) {
            ImageCodecTest.append(w, 1, 0, 0, true, List.<byte[][]>of());
            ImageCodecTest.append(w, 0, 0, 0, false, List.of(ImageCodecTest.row(1, "a"), ImageCodecTest.row(2, null)));
            ImageCodecTest.append(w, 0, 0, 1, true, List.<byte[][]>of(ImageCodecTest.row(3, "")));
            w.finish(ImageCodecTest.catalogue());
        }
        return image;
    }

    private ImageKeys trusting(SigningKey... keys) {
        List<byte[]> raw = new ArrayList<>();
        for (SigningKey k : keys) {
            raw.add(k.publicKey());
        }
        return new ImageKeys(null, raw, "the test");
    }

    @Test
    void aSignedImageIsAuthenticatedByItsPublicKeyOnly() throws IOException {
        SigningKey key = SigningKey.generate(dir.resolve("k"));
        SigningKey other = SigningKey.generate(dir.resolve("other"));
        Path image = write("signed", key, null);

        ImageReader trusted = ImageReader.open(image, trusting(other, key));
        trusted.verify();
        assertThat(trusted.authentication().trusted()).isTrue();
        assertThat(trusted.authentication().describe()).isEqualTo("authenticated by signing key " + key.fingerprint());
        try (ImageReader.Chunks chunks = trusted.chunks(0)) {
            assertThat(ImageCodecTest.values(trusted, chunks)).containsExactly("1", "a", "2", "NULL", "3", "");
        }

        ImageReader plain = ImageReader.open(image);
        plain.verify();
        assertThat(plain.authentication().trusted()).isFalse();
        assertThat(plain.authentication().signer()).isEqualTo(key.fingerprint());
        assertThat(plain.authentication().describe()).startsWith("untrusted: it is signed by key " + key.fingerprint());

        assertThatThrownBy(() -> ImageReader.open(image, trusting(other)))
                .isInstanceOf(OnlineBackupException.class)
                .hasMessageStartingWith(Message.IMAGE_NOT_AUTHENTICATED.id())
                .hasMessageContaining("signed by key " + key.fingerprint() + ", which is not a trusted key");
        assertThat(ImageReader.inspect(image, trusting(other)).authentication().trusted()).isFalse();
    }

    /** The sizes add up with the seal: the summary's total counts it, and the trailer still ends the file. */
    @Test
    void theSealStandsBetweenTheSummaryAndTheTrailer() throws IOException {
        Path signed = write("s", SigningKey.generate(dir.resolve("k")), null);
        Path unsigned = write("u", null, null);
        long chunks = ImageReader.open(unsigned).index().entries().size();
        assertThat(Files.size(signed) - Files.size(unsigned)).isEqualTo(Seal.recordSize((int) chunks));
        assertThat(ImageReader.open(signed).summary().totalBytes()).isEqualTo(Files.size(signed));
    }

    /**
     * Every byte of every record but the seal, changed with the record's CRC32C made right again, is refused; in the
     * catalogue, the index and the data chunks by the seal. The same change to an unsigned image's catalogue text
     * passes: only the signature finds it.
     */
    @Test
    void everyAlterationAfterSigningIsRefused() throws IOException {
        SigningKey key = SigningKey.generate(dir.resolve("k"));
        Path image = write("alter", key, null);
        byte[] good = Files.readAllBytes(image);
        List<int[]> records = records(good);
        Path bad = dir.resolve("bad.obk");
        int sealBroken = 0;
        for (int[] r : records) {
            byte kind = good[r[0]];
            if (kind == ImageFormat.KIND_SEAL) {
                continue;
            }
            for (int i = r[0] + 5; i < r[0] + 5 + r[1]; i++) {
                Files.write(bad, alter(good, r, i));
                int at = i;
                assertThatThrownBy(() -> ImageReader.open(bad, trusting(key)).verify())
                        .as("byte %d of record '%c'", at, (char) kind)
                        .isInstanceOf(OnlineBackupException.class)
                        .satisfies(e -> {
                            String id = ((OnlineBackupException) e).messageId().id();
                            if (kind == ImageFormat.KIND_CATALOGUE || kind == ImageFormat.KIND_INDEX || kind == ImageFormat.KIND_DATA) {
                                assertThat(id).as("byte %d of record '%c'", at, (char) kind).isEqualTo(Message.IMAGE_SEAL_BROKEN.id());
                            }
                        });
                sealBroken++;
            }
        }
        assertThat(sealBroken).isGreaterThan(200);

        Path unsigned = write("unsigned", null, null);
        byte[] u = Files.readAllBytes(unsigned);
        int[] catalogue = records(u).stream().filter(r -> u[r[0]] == ImageFormat.KIND_CATALOGUE).findFirst().orElseThrow();
        int nameByte = indexOf(u, "empty".getBytes(), catalogue[0]);
        Files.write(bad, alter(u, catalogue, nameByte));
        assertThat(ImageReader.open(bad).catalogue().tables().get(1).name()).isNotEqualTo("empty");
        byte[] s = Files.readAllBytes(image);
        int[] signedCatalogue = records(s).stream().filter(r -> s[r[0]] == ImageFormat.KIND_CATALOGUE).findFirst().orElseThrow();
        Files.write(bad, alter(s, signedCatalogue, indexOf(s, "empty".getBytes(), signedCatalogue[0])));
        assertThatThrownBy(() -> ImageReader.open(bad)).hasMessageStartingWith(Message.IMAGE_SEAL_BROKEN.id())
                .hasMessageContaining(key.fingerprint());
    }

    /** An image whose seal was cut off (summary and trailer made right again) opens unsigned, and is refused by a trusted key. */
    @Test
    void aStrippedSealLeavesAnUntrustedImage() throws IOException {
        SigningKey key = SigningKey.generate(dir.resolve("k"));
        byte[] good = Files.readAllBytes(write("strip", key, null));
        List<int[]> records = records(good);
        int[] seal = records.get(records.size() - 1);
        int[] summary = records.get(records.size() - 2);
        assertThat(good[seal[0]]).isEqualTo(ImageFormat.KIND_SEAL);
        byte[] cut = new byte[seal[0] + ImageFormat.TRAILER_SIZE];
        System.arraycopy(good, 0, cut, 0, seal[0]);
        System.arraycopy(good, good.length - ImageFormat.TRAILER_SIZE, cut, seal[0], ImageFormat.TRAILER_SIZE);
        ByteBuffer.wrap(cut).putLong(summary[0] + 5 + 32, cut.length);
        recrc(cut, summary);
        Path stripped = dir.resolve("stripped.obk");
        Files.write(stripped, cut);
        ImageReader.open(stripped).verify();
        assertThatThrownBy(() -> ImageReader.open(stripped, trusting(key)))
                .hasMessageStartingWith(Message.IMAGE_NOT_AUTHENTICATED.id())
                .hasMessageContaining("it is not signed");
    }

    /** No downgrade: a decryption key given refuses a plain image; an encrypted image is authenticated by its key. */
    @Test
    void aDecryptionKeyRefusesAPlainImage() throws IOException {
        MasterKey master = masterKey();
        Path plain = write("plain", null, null);
        assertThatThrownBy(() -> ImageReader.open(plain, master))
                .hasMessageStartingWith(Message.IMAGE_NOT_AUTHENTICATED.id())
                .hasMessageContaining("it is not signed, and it is not encrypted");
        Path encrypted = write("enc", null, ImageCipher.create(master));
        ImageReader r = ImageReader.open(encrypted, master);
        r.verify();
        assertThat(r.authentication().describe()).isEqualTo("authenticated by the decryption key (AES-256-GCM)");
        SigningKey key = SigningKey.generate(dir.resolve("k"));
        Path both = write("both", key, ImageCipher.create(master));
        ImageReader b = ImageReader.open(both, new ImageKeys(master, List.of(key.publicKey()), "the test"));
        b.verify();
        assertThat(b.authentication().by()).isEqualTo("signing key " + key.fingerprint());
    }

    @Test
    void keyFiles() throws IOException {
        Path file = dir.resolve("backup-key");
        SigningKey made = SigningKey.generate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SigningKey read = SigningKey.fromFile(file);
        assertThat(read.publicKey()).isEqualTo(made.publicKey());
        assertThat(read.fingerprint()).startsWith("SHA256:").isEqualTo(made.fingerprint());
        assertThat(PublicKeyFile.read(SigningKey.publicFile(file))).singleElement().isEqualTo(made.publicKey());

        SigningKey second = SigningKey.generate(dir.resolve("next-key"));
        Path both = dir.resolve("trusted.pub");
        Files.writeString(both, Files.readString(SigningKey.publicFile(file)) + "a comment line\n"
                + Files.readString(SigningKey.publicFile(dir.resolve("next-key"))));
        assertThat(PublicKeyFile.read(both)).hasSize(2).last().isEqualTo(second.publicKey());

        assertThatThrownBy(() -> SigningKey.generate(file)).hasMessageStartingWith(Message.KEY_INVALID.id())
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> PublicKeyFile.read(file)).hasMessageStartingWith(Message.KEY_INVALID.id())
                .hasMessageContaining("holds a private key");
        assertThatThrownBy(() -> SigningKey.fromFile(SigningKey.publicFile(file))).hasMessageStartingWith(Message.KEY_INVALID.id())
                .hasMessageContaining("no unencrypted PEM private key");
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> PublicKeyFile.read(junk)).hasMessageContaining("not an Ed25519 public key");
        assertThatThrownBy(() -> PublicKeyFile.read(dir.resolve("none"))).hasMessageContaining("does not exist");
    }

    static MasterKey masterKey() throws IOException {
        Path f = Files.createTempFile("obk-key", "");
        Files.writeString(f, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        try {
            return MasterKey.fromFile(f);
        } finally {
            Files.delete(f);
        }
    }

    /** Offset and body length of every record from the header to the trailer. */
    static List<int[]> records(byte[] image) {
        List<int[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(image);
        for (int at = ImageFormat.PREAMBLE_SIZE; at < image.length - ImageFormat.TRAILER_SIZE; at += ImageFormat.RECORD_OVERHEAD + b.getInt(at + 1)) {
            out.add(new int[] {at, b.getInt(at + 1)});
        }
        return out;
    }

    /** {@code image} with byte {@code at} of record {@code r} changed and the record's CRC32C made right again. */
    static byte[] alter(byte[] image, int[] r, int at) {
        byte[] b = image.clone();
        b[at] ^= 0x20;
        recrc(b, r);
        return b;
    }

    static void recrc(byte[] b, int[] r) {
        CRC32C crc = new CRC32C();
        crc.update(b, r[0], 5 + r[1]);
        ByteBuffer.wrap(b).putInt(r[0] + 5 + r[1], (int) crc.getValue());
    }

    private static int indexOf(byte[] b, byte[] what, int from) {
        for (int i = from; i + what.length <= b.length; i++) {
            if (java.util.Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
