package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.Properties;

import org.onlinebackup.image.SigningKey;
import org.onlinebackup.job.common.JobParams;

/** The signing key of a backup or an archive: {@code --sign-key}, else {@code sign-key} in the option files. */
final class SignKey {
    static final String OPTION_FILE_KEY = "sign-key";

    private SignKey() {
    }

    /** Reads the key now (an unusable file is one line before anything starts) and names it in {@code p}; none: nothing. */
    static void putInto(Path option, OptionFile file, Properties p) {
        String sign = option != null ? option.toString() : file.get(OPTION_FILE_KEY);
        if (sign != null && !sign.isBlank()) {
            Path signFile = Path.of(sign).toAbsolutePath().normalize();
            SigningKey.fromFile(signFile);
            p.setProperty(JobParams.SIGN_KEY, signFile.toString());
        }
    }
}
