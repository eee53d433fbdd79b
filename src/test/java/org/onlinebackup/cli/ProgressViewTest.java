package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** The progress bar's frames and the JSON event lines, without a job. */
class ProgressViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFrameShowsPercentRowsBytesRateAndTimeLeft() {
        ProgressView.Plan plan = new ProgressView.Plan(2, 1000, 1 << 20, false);
        String f = ProgressView.line("restore", "data", new ProgressView.Sample(250, 256 * 1024, 2.0, plan), 100);
        assertThat(f).isEqualTo("restore data [#######-----------------------]  25% 250/1,000 rows 256.0 KiB 128.0 KiB/s 0:06 left");
        assertThat(f.length()).isLessThan(100);
    }

    @Test
    void anEstimateIsMarkedAndNeverReachesOneHundredPercent() {
        ProgressView.Plan estimate = new ProgressView.Plan(1, 1000, 0, true);
        ProgressView.Sample over = new ProgressView.Sample(1200, 5000, 1.0, estimate);
        assertThat(over.percent()).isEqualTo(99);
        assertThat(over.secondsLeft()).isZero();
        assertThat(ProgressView.line("backup", "data", over, 80)).contains(" 99% 1,200/~1,000 rows ");
        ProgressView.Sample exact = new ProgressView.Sample(1000, 5000, 1.0, new ProgressView.Plan(1, 1000, 0, false));
        assertThat(exact.percent()).isEqualTo(100);
    }

    @Test
    void beforeAnyRowIsReadThereIsNoRateNorTimeLeft() {
        String f = ProgressView.line("backup", "prepare", new ProgressView.Sample(0, 0, 0, null), 80);
        assertThat(f).isEqualTo("backup prepare 0 rows 0 B");
    }

    @Test
    void aNarrowTerminalGetsAShorterBarAndNeverAWrappedLine() {
        ProgressView.Sample s = new ProgressView.Sample(123_456_789, 50L << 30, 100, new ProgressView.Plan(9, 987_654_321, 0, true));
        for (int width = 40; width <= 200; width += 7) {
            assertThat(ProgressView.line("restore", "validity-point", s, width).length()).as("width " + width).isLessThan(width);
        }
        assertThat(ProgressView.line("backup", "data", s, 200)).contains("[" + "#".repeat(3)).contains(" 12% ")
                .contains("50.0 GiB 512.0 MiB/s 11:40 left");
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(ProgressView.size(1023)).isEqualTo("1023 B");
        assertThat(ProgressView.size(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressView.size(3L << 40)).isEqualTo("3.0 TiB");
    }

    @Test
    void jsonModePrintsOneParsableObjectPerEvent() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressView v = new ProgressView(ProgressView.Mode.JSON, new PrintStream(bytes, true, StandardCharsets.UTF_8), 80);
        v.start();
        v.started("backup", 7, 42);
        v.phase("data");
        v.planned(1, 10, 100, true);
        v.read(10, 100);
        v.tableDone("`d\"b`.`t\\n`", 10, 100);
        v.warning("line one\nline \u2603 two\t\u0001");
        v.stop();
        v.result(true, "COMPLETED", "backed up \"x\"", 7);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        List<JsonNode> nodes = lines.stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(nodes.stream().map(n -> n.get("event").asText()))
                .containsExactly("started", "phase", "planned", "table", "warning", "progress", "result");
        assertThat(nodes.get(0).get("backup_id").asLong()).isEqualTo(42);
        assertThat(nodes.get(3).get("table").asText()).isEqualTo("`d\"b`.`t\\n`");
        assertThat(nodes.get(4).get("message").asText()).isEqualTo("line one\nline \u2603 two\t\u0001");
        assertThat(nodes.get(5).get("rows").asLong()).isEqualTo(10);
        assertThat(nodes.get(5).get("percent").asInt()).isEqualTo(99);
        assertThat(nodes.get(6).get("ok").asBoolean()).isTrue();
        assertThat(nodes.get(6).get("message").asText()).isEqualTo("backed up \"x\"");
    }
}
