package org.onlinebackup.job.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.onlinebackup.image.PrivateFiles;

/**
 * The work directory of a backup, next to its image: {@code .NAME.obk.work/} holds the partition plan and the image
 * under its temporary name, which every data partition appends its chunks to, until the finish step links it into
 * place. Being a hidden directory on the image's own file system, nothing in it looks like an image and publishing
 * it copies nothing.
 */
public record Workspace(Path image, Path dir) {

    public static Workspace of(Path image) {
        return new Workspace(image, image.resolveSibling("." + image.getFileName() + ".work"));
    }

    /** The data step's partition plan, written before the step starts. */
    public Path plan() {
        return dir.resolve("plan");
    }

    public Path partialImage() {
        return dir.resolve(image.getFileName() + ".partial");
    }

    /** The key ranges of each table in the image being written, with their bounds (for a restart). */
    public Path ranges() {
        return dir.resolve("ranges");
    }

    /** The tables the image being written was planned from, each with the fingerprint of its definition (for a restart). */
    public Path tables() {
        return dir.resolve("tables");
    }

    /** The work directory of an interrupted earlier execution, set aside by a restart to reuse what it read. */
    public Workspace earlier() {
        return new Workspace(image, dir.resolve("earlier"));
    }

    /**
     * A restart keeps what its interrupted earlier execution wrote, in {@link #earlier()}: the partial image with its
     * ranges and table fingerprints, if that execution got as far as writing one (otherwise what an execution
     * before it set aside stays); everything else goes.
     */
    public void setAsideEarlier() throws IOException {
        Workspace earlier = earlier();
        if (Files.exists(partialImage()) && Files.exists(ranges()) && Files.exists(tables())) {
            earlier.delete();
            PrivateFiles.createDirectory(earlier.dir());
            for (Path p : List.of(partialImage(), ranges(), tables())) {
                Files.move(p, earlier.dir().resolve(p.getFileName()));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!p.equals(earlier.dir()) && !p.equals(ownerFile())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
    /** The file naming the job instance the work directory belongs to. */
    private Path ownerFile() {
        return dir.resolve("job-instance");
    }

    /**
     * Creates the work directory, readable by its owner only (0700), for the backup of {@code jobInstance}: a
     * restart of that backup (another execution of the same instance) knows it as its own.
     */
    public void create(long jobInstance) throws IOException {
        if (!Files.isDirectory(dir) || !Long.valueOf(jobInstance).equals(owner())) {
            PrivateFiles.createDirectory(dir);
            PrivateFiles.write(ownerFile(), Long.toString(jobInstance));
        }
    }

    /** The job instance whose backup created the work directory, or null when it does not say (or is not there). */
    public Long owner() {
        try {
            return Long.valueOf(Files.readString(ownerFile()).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Removes the work directory and everything in it. */
    public void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
