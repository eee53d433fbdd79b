package org.onlinebackup.store;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.UUID;

/**
 * A repository's manifest, the file {@value BackupRepo#MANIFEST} at its root: its format, its id and when it was
 * made. It says what the directory is, so that {@code --repo} never fills a directory that is something else; nothing
 * the trust in an image rests on is kept here (every image authenticates itself).
 */
public record Manifest(int format, UUID id, Instant created) {
    public static final int FORMAT = 1;

    String text() {
        return "# An Online Backup repository: images/ holds its images. Written once by online-backup; do not edit.\n"
                + "format = " + format + "\n"
                + "id = " + id + "\n"
                + "created = " + created + "\n";
    }

    /** The manifest in {@code file}; an {@code IOException} says what is wrong with it. */
    static Manifest read(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String format = p.getProperty("format");
        String id = p.getProperty("id");
        String created = p.getProperty("created");
        if (format == null || id == null || created == null) {
            throw new IOException("its manifest " + file.getFileName() + " lacks format, id or created");
        }
        int f;
        try {
            f = Integer.parseInt(format.strip());
        } catch (NumberFormatException e) {
            throw new IOException("its manifest gives format '" + format + "', not a number");
        }
        if (f != FORMAT) {
            throw new IOException("its manifest gives format " + f + "; this tool reads format " + FORMAT
                    + (f > FORMAT ? " (a later version of online-backup made it)" : ""));
        }
        try {
            return new Manifest(f, UUID.fromString(id.strip()), Instant.parse(created.strip()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException("its manifest's id or created is malformed: " + e.getMessage());
        }
    }
}
