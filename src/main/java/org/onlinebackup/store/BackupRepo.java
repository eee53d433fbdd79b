package org.onlinebackup.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.onlinebackup.feedback.IoErrors;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.PrivateFiles;

/**
 * A backup repository in a directory: its manifest {@value #MANIFEST} and {@value #IMAGES}/, where each backup
 * given {@code --repo} writes an image named for the time it started ({@link #newImage}), and where a backup's
 * work directory stays while it runs or waits for a restart. Images are published whole, as anywhere else, so the
 * directory only ever holds complete images under image names.
 */
public final class BackupRepo {
    public static final String MANIFEST = "obk-repository";
    public static final String IMAGES = "images";
    private static final String SUFFIX = ".obk";
    private static final String WORK = ".work";
    private static final Pattern NAMED = Pattern.compile("(\\d{8}T\\d{6}Z)(?:-(\\d{1,9}))?\\.obk");
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Manifest manifest;

    private BackupRepo(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** The repository at {@code dir}, which must exist: for what only reads it (info, restore). */
    public static BackupRepo open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.exists(d)) {
            throw new OnlineBackupException(Message.REPO_MISSING, d);
        }
        if (!Files.isDirectory(d)) {
            throw new OnlineBackupException(Message.REPO_UNUSABLE, d, "it is not a directory");
        }
        Path m = d.resolve(MANIFEST);
        try {
            return new BackupRepo(d, Manifest.read(m));
        } catch (NoSuchFileException e) {
            throw new OnlineBackupException(Message.NOT_A_REPO, d);
        } catch (IOException e) {
            OnlineBackupException kind = IoErrors.of(e, m);
            throw kind.messageId() == Message.IMAGE_WRITE ? new OnlineBackupException(e, Message.REPO_UNUSABLE, d, e.getMessage()) : kind;
        }
    }

    /**
     * Checks, writing nothing, that {@link #create} can make or use a repository at {@code dir}: the command line asks
     * before the server is asked, and makes it only after.
     */
    public static void check(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.exists(d)) {
            Path parent = d.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new OnlineBackupException(Message.REPO_UNUSABLE, d, "its parent directory " + parent + " does not exist");
            }
            return;
        }
        if (!Files.isDirectory(d)) {
            throw new OnlineBackupException(Message.REPO_UNUSABLE, d, "it is not a directory");
        }
        try {
            if (!Files.exists(d.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
                if (holdsOtherFiles(d)) {
                    throw new OnlineBackupException(Message.NOT_A_REPO, d);
                }
                return;
            }
        } catch (IOException e) {
            throw IoErrors.of(e, d);
        }
        open(d);
    }

    /**
     * The repository at {@code dir}, made there if the directory is new or empty (its parent must exist, as an
     * image's directory must): for a backup. A directory that holds other files and no manifest is refused.
     */
    public static BackupRepo create(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            if (!Files.exists(d)) {
                Path parent = d.getParent();
                if (parent == null || !Files.isDirectory(parent)) {
                    throw new OnlineBackupException(Message.REPO_UNUSABLE, d, "its parent directory " + parent + " does not exist");
                }
                try {
                    PrivateFiles.createDirectory(d);
                } catch (FileAlreadyExistsException e) {
                    // another backup made it at the same moment
                }
            }
            if (!Files.isDirectory(d)) {
                throw new OnlineBackupException(Message.REPO_UNUSABLE, d, "it is not a directory");
            }
            Path m = d.resolve(MANIFEST);
            if (!Files.exists(m, LinkOption.NOFOLLOW_LINKS)) {
                if (holdsOtherFiles(d)) {
                    throw new OnlineBackupException(Message.NOT_A_REPO, d);
                }
                writeManifest(d, m);
            }
            Path images = d.resolve(IMAGES);
            if (!Files.isDirectory(images)) {
                try {
                    PrivateFiles.createDirectory(images);
                } catch (FileAlreadyExistsException e) {
                    // made by another backup, or a file of that name, which the image's own check reports
                }
            }
            return open(d);
        } catch (IOException e) {
            throw IoErrors.of(e, d);
        }
    }

    /** Whether {@code d} holds anything but a manifest another process is writing at this moment. */
    private static boolean holdsOtherFiles(Path d) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            for (Path p : s) {
                if (!p.getFileName().toString().startsWith("." + MANIFEST + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes the manifest whole under a temporary name and links it into place: two backups starting together agree. */
    private static void writeManifest(Path d, Path m) throws IOException {
        Manifest manifest = new Manifest(Manifest.FORMAT, UUID.randomUUID(), Instant.now());
        Path tmp = d.resolve("." + MANIFEST + "." + UUID.randomUUID());
        PrivateFiles.write(tmp, manifest.text());
        try {
            Files.createLink(m, tmp);
        } catch (FileAlreadyExistsException e) {
            // the other one's manifest stands
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The path of a new image for a backup that starts at {@code now}: {@code images/yyyyMMddTHHmmssZ.obk} (UTC), with
     * {@code -2}, {@code -3}, ... when an image or a work directory of that name exists.
     */
    public Path newImage(Instant now) {
        Path images = dir.resolve(IMAGES);
        String base = NAME.format(now);
        for (int n = 1; ; n++) {
            Path p = images.resolve(base + (n == 1 ? "" : "-" + n) + SUFFIX);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(workDirectory(p), LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
    }

    /**
     * The order of image names: by the time their backups started, then by the suffix a name taken in the same second
     * gets ({@code 20261208T011500Z.obk} before {@code 20261208T011500Z-2.obk}); other names after, as strings.
     */
    public static final Comparator<Path> BY_START = Comparator.comparing((Path p) -> started(p) == null)
            .thenComparing(p -> started(p) == null ? "" : started(p)[0])
            .thenComparingInt(p -> started(p) == null ? 0 : Integer.parseInt(started(p)[1]))
            .thenComparing(p -> p.getFileName().toString());

    private static String[] started(Path p) {
        Matcher m = NAMED.matcher(p.getFileName().toString());
        return m.matches() ? new String[] {m.group(1), m.group(2) == null ? "1" : m.group(2)} : null;
    }

    /** The images, by {@link #BY_START}. */
    public List<Path> images() {
        return list(false);
    }

    /** The work directories of backups running or stopped, by name. */
    public List<Path> unfinished() {
        return list(true);
    }

    /** The job instance that owns work directory {@code work}, or null when it does not say. */
    public static Long owner(Path work) {
        try {
            return Long.valueOf(Files.readString(work.resolve("job-instance")).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private List<Path> list(boolean work) {
        Path images = dir.resolve(IMAGES);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(images)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(images)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                boolean isWork = n.startsWith(".") && n.endsWith(SUFFIX + WORK) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                boolean isImage = !n.startsWith(".") && n.endsWith(SUFFIX) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
                if (work ? isWork : isImage) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.REPO_UNUSABLE, dir, "cannot list " + images + ": " + e.getMessage());
        }
        out.sort(work ? Comparator.naturalOrder() : BY_START);
        return out;
    }

    private static Path workDirectory(Path image) {
        return image.resolveSibling("." + image.getFileName() + WORK);
    }
}
