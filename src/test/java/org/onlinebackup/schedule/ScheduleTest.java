package org.onlinebackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleTest {
    @TempDir
    Path dir;

    private static LocalDateTime t(String s) {
        return LocalDateTime.parse(s);
    }

    @Test
    void cronFindsTheNextMatchingTimeAsCrontabDoes() {
        assertThat(CronExpression.parse("0 2 * * *").next(t("2026-11-30T01:59:59"))).isEqualTo(t("2026-11-30T02:00:00"));
        assertThat(CronExpression.parse("0 2 * * *").next(t("2026-11-30T02:00:00"))).isEqualTo(t("2026-12-01T02:00:00"));
        assertThat(CronExpression.parse("*/15 * * * *").next(t("2026-11-30T10:07:00"))).isEqualTo(t("2026-11-30T10:15:00"));
        assertThat(CronExpression.parse("30 1 * * MON-FRI").next(t("2026-11-28T00:00:00")))
                .as("Saturday the 28th: the next weekday is Monday the 30th").isEqualTo(t("2026-11-30T01:30:00"));
        assertThat(CronExpression.parse("0 0 1 JAN *").next(t("2026-11-30T00:00:00"))).isEqualTo(t("2027-01-01T00:00:00"));
        assertThat(CronExpression.parse("0 0 13 * 5").next(t("2026-11-30T00:00:00")))
                .as("day of month and day of week both given: either").isEqualTo(t("2026-12-04T00:00:00"));
        assertThat(CronExpression.parse("0 0 * * 7").next(t("2026-11-30T00:00:00"))).as("7 is Sunday").isEqualTo(t("2026-12-06T00:00:00"));
        assertThat(CronExpression.parse("*/20 * * * * *").next(t("2026-11-30T10:00:05"))).as("a seconds field first")
                .isEqualTo(t("2026-11-30T10:00:20"));
        assertThat(CronExpression.parse("0 0 30 2 *").next(t("2026-11-30T00:00:00"))).as("never").isNull();
    }

    @Test
    void aCronThatIsNotOneSaysWhichField() {
        assertThatThrownBy(() -> CronExpression.parse("0 2 * *")).hasMessageContaining("has 4 fields");
        assertThatThrownBy(() -> CronExpression.parse("0 24 * * *")).hasMessageContaining("the hour field '24' has 24, outside 0-23");
        assertThatThrownBy(() -> CronExpression.parse("0 2 * FOO *")).hasMessageContaining("the month field 'FOO' is not cron");
        assertThatThrownBy(() -> CronExpression.parse("0 5-2 * * *")).hasMessageContaining("ends before it starts");
    }

    @Test
    void aFileHoldsWindowsWithTheirJobAndParameters() throws Exception {
        Path f = dir.resolve("schedules.conf");
        Files.writeString(f, """
                # nightly
                [nightly-shop]
                cron      = 0 2 * * *
                window    = 2h
                job       = backup
                databases = shop
                image     = /backups/shop-{time}.obk   # one image per night

                [sunday-restore]
                cron   = 0 6 * * SUN
                window = 90m
                job    = restore
                image  = /backups/shop.obk
                rename = shop=shop_check
                """);
        List<Schedule> s = Schedule.read(f);
        assertThat(s).extracting(Schedule::name).containsExactly("nightly-shop", "sunday-restore");
        assertThat(s.get(0).window()).isEqualTo(Duration.ofHours(2));
        assertThat(s.get(0).parametersAt(t("2026-11-30T02:00:00")).getProperty("image")).isEqualTo("/backups/shop-20261130-020000.obk");
        assertThat(s.get(0).parameters()).doesNotContainKeys("cron", "window", "job");
        assertThat(s.get(1).window()).isEqualTo(Duration.ofMinutes(90));

        Files.writeString(f, "[x]\ncron = 0 2 * * *\nwindow = 2 days\njob = backup\n");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("schedule [x]: window '2 days' is not a number followed by s, m or h");
        Files.writeString(f, "[x]\ncron = 0 2 * * *\nwindow = 1h\njob = vacuum\n");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("job must be backup, restore or archive");
        Files.writeString(f, "[x]\nwindow = 1h\njob = backup\n");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("schedule [x] has no cron");
    }

    @Test
    void aWindowWithARepositoryGetsAnImageItNames() throws Exception {
        Path f = dir.resolve("schedules.conf");
        Path repo = dir.resolve("backups");
        Files.writeString(f, "[nightly]\ncron = 0 2 * * *\nwindow = 2h\njob = backup\ndatabases = shop\nrepo = " + repo + "\n");
        Schedule s = Schedule.read(f).get(0);
        java.util.Properties p = s.parametersAt(t("2026-11-30T02:00:00"));
        assertThat(p).doesNotContainKey("repo");
        assertThat(Path.of(p.getProperty("image")).getParent()).isEqualTo(repo.resolve("images"));
        assertThat(p.getProperty("image")).matches(".*/images/\\d{8}T\\d{6}Z\\.obk");
        assertThat(repo.resolve("obk-repository")).exists();

        Files.writeString(f, "[x]\ncron = 0 2 * * *\nwindow = 1h\njob = backup\nrepo = " + repo + "\nimage = /b/x.obk\n");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("repo goes with job = backup");
        Files.writeString(f, "[x]\ncron = 0 2 * * *\nwindow = 1h\njob = restore\nrepo = " + repo + "\n");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("repo goes with job = backup");

        Files.writeString(f, "[binlog]\ncron = */10 * * * *\nwindow = 10m\njob = archive\nrepo = " + repo + "\n");
        Schedule archive = Schedule.read(f).get(0);
        assertThat(archive.jobName()).isEqualTo("binlog-archive");
        assertThat(archive.parametersAt(t("2026-11-30T02:10:00")).getProperty("repo")).isEqualTo(repo.toString());
        Files.writeString(f, "[binlog]\ncron = */10 * * * *\nwindow = 10m\njob = archive\n");
        assertThatThrownBy(() -> Schedule.read(f)).hasMessageContaining("job = archive needs repo");
    }
}
