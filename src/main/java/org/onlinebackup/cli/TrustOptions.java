package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.Properties;

import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.PublicKeyFile;
import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The keys that authenticate an image for restore, verify and list: the decryption key ({@link KeyOptions}) and the
 * public keys of trusted signers, from {@code --trust-key} or {@code trust-key} in the option files.
 */
final class TrustOptions {
    static final String OPTION_FILE_KEY = "trust-key";

    @Mixin
    KeyOptions key;

    @Option(names = "--trust-key", paramLabel = "FILE", description = "Trust images signed by the Ed25519 public key(s) in"
            + " FILE (PEM; several keys may follow each other). Given this or a decryption key, an image that none of"
            + " them authenticates is refused. Also trust-key in the option file's [online-backup] group.")
    Path trustKey;

    /** The trust file: the command line's, else the option files'; null when none. */
    Path trustFile(OptionFile file) {
        if (trustKey != null) {
            return trustKey.toAbsolutePath().normalize();
        }
        String v = file.get(OPTION_FILE_KEY);
        return v == null || v.isBlank() ? null : Path.of(v).toAbsolutePath().normalize();
    }

    /** The keys given, read now: an unusable key file is one line before anything starts. */
    ImageKeys keys(OptionFile file) {
        Path trust = trustFile(file);
        return trust == null ? ImageKeys.of(key.key()) : new ImageKeys(key.key(), PublicKeyFile.read(trust), trust.toString());
    }

    void putInto(Properties p, OptionFile file) {
        key.putInto(p);
        Path trust = trustFile(file);
        if (trust != null) {
            p.setProperty(JobParams.TRUST_KEY, trust.toString());
        }
    }
}
