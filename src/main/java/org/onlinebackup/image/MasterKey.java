package org.onlinebackup.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * The secret that encrypts images: 32 bytes, from a key file (the 32 bytes themselves, or 64 hexadecimal digits) or
 * from the environment variable {@code OBK_KEY} (64 hexadecimal digits). It is never a job parameter, never on a
 * command line, never written anywhere; {@link #toString()} does not show it. Each image gets its own key derived
 * from it ({@code image.v3.ImageCipher}).
 */
public final class MasterKey {
    public static final String ENVIRONMENT = "OBK_KEY";
    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    public static MasterKey fromFile(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, "key file " + file, "it does not exist");
        } catch (AccessDeniedException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, "key file " + file, "permission denied");
        } catch (IOException e) {
            throw new OnlineBackupException(Message.KEY_INVALID, "key file " + file, String.valueOf(e.getMessage()));
        }
        if (b.length == 32) {
            return new MasterKey(b);
        }
        return hex(new String(b, StandardCharsets.US_ASCII).strip(), "key file " + file);
    }

    /** The key in {@code OBK_KEY}, or null when it is not set. */
    public static MasterKey fromEnvironment() {
        String v = System.getenv(ENVIRONMENT);
        return v == null || v.isBlank() ? null : hex(v.strip(), "environment variable " + ENVIRONMENT);
    }

    private static MasterKey hex(String text, String where) {
        if (!text.matches("[0-9a-fA-F]{64}")) {
            throw new OnlineBackupException(Message.KEY_INVALID, where,
                    "a key is 32 bytes, or 64 hexadecimal digits (make one with: openssl rand -hex 32)");
        }
        return new MasterKey(HexFormat.of().parseHex(text));
    }

    /** The key's bytes, a copy. */
    public byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "MasterKey[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey k && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
