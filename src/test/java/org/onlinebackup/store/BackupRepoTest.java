package org.onlinebackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

class BackupRepoTest {
    @TempDir
    Path dir;

    @Test
    void aNewDirectoryBecomesARepositoryReadableOnlyByItsOwner() throws Exception {
        Path r = dir.resolve("repo");
        BackupRepo.check(r);
        assertThat(r).doesNotExist();
        BackupRepo repo = BackupRepo.create(r);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.resolve("images")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.resolve(BackupRepo.MANIFEST)))).isEqualTo("rw-------");
        assertThat(repo.manifest().format()).isEqualTo(Manifest.FORMAT);
        assertThat(BackupRepo.open(r).manifest()).isEqualTo(repo.manifest());
        assertThat(BackupRepo.create(r).manifest()).as("made once, then used").isEqualTo(repo.manifest());
        try (var s = Files.list(r)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("images", BackupRepo.MANIFEST);
        }
    }

    @Test
    void anEmptyDirectoryBecomesOneAndAnyOtherIsRefusedWithNothingWritten() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        BackupRepo.create(empty);
        assertThat(empty.resolve(BackupRepo.MANIFEST)).exists();

        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        for (Runnable r : List.<Runnable>of(() -> BackupRepo.check(other), () -> BackupRepo.create(other), () -> BackupRepo.open(other))) {
            assertThatThrownBy(r::run).isInstanceOfSatisfying(OnlineBackupException.class,
                    e -> assertThat(e.messageId()).isEqualTo(Message.NOT_A_REPO));
        }
        try (var s = Files.list(other)) {
            assertThat(s.toList()).containsExactly(other.resolve("notes.txt"));
        }
        assertThatThrownBy(() -> BackupRepo.open(dir.resolve("none"))).isInstanceOfSatisfying(OnlineBackupException.class,
                e -> assertThat(e.messageId()).isEqualTo(Message.REPO_MISSING));
        assertThatThrownBy(() -> BackupRepo.create(dir.resolve("no/such/parent"))).hasMessageContaining("its parent directory")
                .hasMessageContaining("does not exist");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> BackupRepo.create(file)).hasMessageContaining("it is not a directory");
    }

    @Test
    void aManifestOfAnotherFormatIsRefusedNamingIt() throws Exception {
        Path r = Files.createDirectory(dir.resolve("later"));
        Files.writeString(r.resolve(BackupRepo.MANIFEST), "format = 2\nid = 0d7f4c2e-2c55-4a52-9a43-6f0f9f0c8e11\ncreated = 2027-01-01T00:00:00Z\n");
        assertThatThrownBy(() -> BackupRepo.open(r)).isInstanceOfSatisfying(OnlineBackupException.class,
                e -> assertThat(e.getMessage()).contains("OBK-2027").contains("format 2; this tool reads format 1")
                        .contains("a later version"));
        Files.writeString(r.resolve(BackupRepo.MANIFEST), "format = 1\n");
        assertThatThrownBy(() -> BackupRepo.create(r)).hasMessageContaining("lacks format, id or created");
    }

    @Test
    void imagesAreNamedForTheirStartAndNeverReuseANameOrAWorkDirectory() throws Exception {
        BackupRepo repo = BackupRepo.create(dir.resolve("repo"));
        Instant t = Instant.parse("2026-12-08T01:15:00.700Z");
        Path first = repo.newImage(t);
        assertThat(first).isEqualTo(repo.dir().resolve("images/20261208T011500Z.obk"));
        assertThat(repo.newImage(t)).as("nothing written yet").isEqualTo(first);
        Files.writeString(first, "image");
        Path second = repo.newImage(t);
        assertThat(second.getFileName().toString()).isEqualTo("20261208T011500Z-2.obk");
        Path work = Files.createDirectory(second.resolveSibling("." + second.getFileName() + ".work"));
        Files.writeString(work.resolve("job-instance"), "42\n");
        assertThat(repo.newImage(t).getFileName().toString()).isEqualTo("20261208T011500Z-3.obk");

        Files.writeString(second, "image");
        Path tenth = Files.writeString(second.resolveSibling("20261208T011500Z-10.obk"), "image");
        Path later = Files.writeString(second.resolveSibling("20261208T011501Z.obk"), "image");
        Path own = Files.writeString(second.resolveSibling("nightly.obk"), "image");
        assertThat(repo.images()).as("by start, a suffix after its second, other names last")
                .containsExactly(first, second, tenth, later, own);
        for (Path p : List.of(second, tenth, later, own)) {
            Files.delete(p);
        }
        Files.writeString(repo.dir().resolve("images/readme.txt"), "not an image");
        Files.createDirectory(repo.dir().resolve("images/dir.obk"));
        assertThat(repo.images()).containsExactly(first);
        assertThat(repo.unfinished()).containsExactly(work);
        assertThat(BackupRepo.owner(work)).isEqualTo(42L);
    }
}
