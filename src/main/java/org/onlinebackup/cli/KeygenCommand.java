package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.onlinebackup.image.SigningKey;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code keygen --to FILE}: a new Ed25519 key pair for signing images, FILE (private, 0600) and FILE.pub. */
@Command(name = "keygen", description = "Make a key pair that signs images: FILE, the private key (mode 600, for backup"
        + " --sign-key), and FILE.pub, the public key (for restore, verify and list --trust-key).")
final class KeygenCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The private key file to write; it must not exist, nor FILE.pub.")
    Path to;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        Path file = to.toAbsolutePath().normalize();
        SigningKey key = SigningKey.generate(file);
        main.io.out().println("signing key " + key.fingerprint() + ": private key " + file + " (keep it on the backup host),"
                + " public key " + SigningKey.publicFile(file) + " (give it to restores with --trust-key)");
        return Main.OK;
    }
}
