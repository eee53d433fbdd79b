package org.onlinebackup.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.v3.ImageReader;

/**
 * Which image of a repository {@code restore --repo R --latest} restores: of the images it can use, the one whose
 * validity point is latest (images of several servers compete alike). An image is passed over, and said so, when
 * it cannot be read whole (truncated, corrupt), when the keys given do not authenticate it, when it is encrypted and
 * no key was given, or when it lacks a database asked for. Only the best image so far is held, so a repository of
 * many images needs no more memory than one.
 */
public final class Latest {
    /** An image not chosen, and why. */
    public record PassedOver(Path image, String why) {
    }

    /** The image chosen (null when none can serve) and those passed over, newest first. */
    public record Choice(ImageReader image, List<PassedOver> passedOver) {
    }

    private Latest() {
    }

    public static Choice choose(BackupRepo repo, ImageKeys keys, Collection<String> databases) {
        List<PassedOver> passed = new ArrayList<>();
        ImageReader best = null;
        List<Path> images = new ArrayList<>(repo.images());
        images.sort(BackupRepo.BY_START.reversed());
        for (Path p : images) {
            ImageReader r;
            try {
                r = ImageReader.inspect(p, keys);
            } catch (OnlineBackupException e) {
                passed.add(new PassedOver(p, e.getMessage()));
                continue;
            }
            String why = unfit(r, keys, databases);
            if (why != null) {
                passed.add(new PassedOver(p, why));
            } else if (best == null || later(r, best)) {
                best = r;
            }
        }
        ImageReader chosen = best;
        List<PassedOver> newer = chosen == null ? passed
                : passed.stream().filter(o -> BackupRepo.BY_START.compare(o.image(), chosen.file()) > 0).toList();
        return new Choice(chosen, newer);
    }

    private static String unfit(ImageReader r, ImageKeys keys, Collection<String> databases) {
        if (keys.given() && r.authentication().by() == null) {
            return "not authenticated by " + keys.describe() + ": " + r.authentication().why();
        }
        Catalogue c = r.catalogue();
        if (c == null) {
            return "encrypted, and no key was given (--key-file FILE or OBK_KEY)";
        }
        if (databases != null && !databases.isEmpty()) {
            List<String> held = c.databases().stream().map(DatabaseEntry::name).toList();
            List<String> missing = databases.stream().filter(d -> !held.contains(d)).toList();
            if (!missing.isEmpty()) {
                return "it holds no database " + String.join(", ", missing);
            }
        }
        return null;
    }

    private static boolean later(ImageReader a, ImageReader b) {
        Instant va = a.header().validityPoint();
        Instant vb = b.header().validityPoint();
        int c = va == null || vb == null ? 0 : va.compareTo(vb);
        return c > 0 || c == 0 && BackupRepo.BY_START.compare(a.file(), b.file()) > 0;
    }
}
