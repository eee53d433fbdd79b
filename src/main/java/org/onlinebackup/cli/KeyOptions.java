package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.Properties;

import org.onlinebackup.image.MasterKey;
import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Option;

/** Where the key that encrypts or decrypts an image comes from: a key file, else the environment (OBK_KEY). */
final class KeyOptions {
    @Option(names = "--key-file", paramLabel = "FILE", description = "The file holding the image key: 32 bytes, or 64 hexadecimal"
            + " digits (openssl rand -hex 32 > FILE; keep it 0600). Without it, the environment variable OBK_KEY.")
    Path keyFile;

    void putInto(Properties p) {
        if (keyFile != null) {
            p.setProperty(JobParams.KEY_FILE, keyFile.toAbsolutePath().normalize().toString());
        }
    }

    /** The key given, or null. */
    MasterKey key() {
        return keyFile != null ? MasterKey.fromFile(keyFile) : MasterKey.fromEnvironment();
    }
}
