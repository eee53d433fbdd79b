package org.onlinebackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.ImageReader;

/**
 * The operator's signing key of the tests, made once per JVM: backups the tests run sign their images with it, and
 * restores of those images trust it, so that the tests of what a restore keeps (definers, SQL SECURITY, event
 * status) see an image restored as recorded. Tests of untrusted images restore images the tests made otherwise, or
 * call {@link Cli#onServerAsGiven}.
 */
public final class TestKeys {
    private static Path file;

    private TestKeys() {
    }

    /** The private key file (its public key is {@code FILE.pub}). */
    public static synchronized Path privateKey() {
        if (file == null) {
            try {
                Path dir = Files.createTempDirectory("obk-test-keys");
                file = dir.resolve("operator");
                SigningKey.generate(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    public static Path publicKey() {
        return SigningKey.publicFile(privateKey());
    }

    public static String fingerprint() {
        return SigningKey.fromFile(privateKey()).fingerprint();
    }

    /**
     * The key options a test's {@code command} gets unless it gives its own: a backup signs; a restore of an image
     * signed by the test key trusts it.
     */
    static List<String> defaults(String command, String... args) {
        List<String> given = List.of(args);
        List<String> out = new ArrayList<>();
        if (command.equals("backup") && given.stream().noneMatch(a -> a.startsWith("--sign-key"))) {
            out.add("--sign-key=" + privateKey());
        }
        if (command.equals("restore") && given.stream().noneMatch(a -> a.startsWith("--trust-key"))) {
            int from = given.indexOf("--from");
            String image = from >= 0 && from + 1 < given.size() ? given.get(from + 1)
                    : given.stream().filter(a -> a.startsWith("--from=")).map(a -> a.substring(7)).findFirst().orElse(null);
            if (image != null && signedByTestKey(Path.of(image))) {
                out.add("--trust-key=" + publicKey());
            }
        }
        return out;
    }

    private static boolean signedByTestKey(Path image) {
        try {
            return fingerprint().equals(ImageReader.inspect(image, ImageKeys.NONE).authentication().signer());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
