package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryomine.cli.PipelineCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --timings}: the table of where a command's time went, by stage. */
class TimingsTest {

    @TempDir
    Path dir;

    @Test
    void pickPrintsItsStagesWithSharesAddingUpToTheTotal() {
        Run sim = PipelineCommandsTest.cryomine("simulate", "--out", dir.resolve("sim").toString(), "--size", "64,64,32",
                "--seed", "5", "--quiet");
        assertThat(sim.exit()).as(sim.err()).isZero();
        Run r = PipelineCommandsTest.cryomine("pick", dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("picks.star").toString(), "--box", "16", "--sigma", "2", "--quiet", "--timings");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("picks written to").doesNotContain("share");
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).matches("stage +seconds +share");
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split(" {2,}");
            assertThat(f).as(line).hasSize(3);
            assertThat(f[2]).endsWith("%");
            rows.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2].replace("%", ""))});
        }
        // in-process, main() did not run here: no JVM start-up row; the picker's own stages come from its listener
        assertThat(rows.keySet()).containsExactly("set-up", "open", "read", "accelerator probe", "dog", "peaks", "write",
                "output", "total");
        double shares = 0;
        double seconds = 0;
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            assertThat(e.getValue()[0]).as(e.getKey()).isGreaterThanOrEqualTo(0);
            if (!e.getKey().equals("total")) {
                shares += e.getValue()[1];
                seconds += e.getValue()[0];
            }
        }
        assertThat(shares).as("shares of %s", rows.keySet()).isCloseTo(100, within(0.5));
        assertThat(rows.get("total")[0]).isCloseTo(seconds, within(0.005));
        assertThat(rows.get("dog")[0]).isPositive();
    }

    @Test
    void withoutTheOptionNothingIsPrinted() {
        Run sim = PipelineCommandsTest.cryomine("simulate", "--out", dir.resolve("sim").toString(), "--size", "48,48,24",
                "--seed", "5", "--quiet");
        assertThat(sim.exit()).as(sim.err()).isZero();
        Run r = PipelineCommandsTest.cryomine("pick", dir.resolve("sim/tomogram.mrc").toString(), "--out",
                dir.resolve("picks.star").toString(), "--box", "16", "--sigma", "2", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("share");
    }

    @Test
    void theTableHasAShareForEveryRowAndATotal() {
        Map<String, Double> rows = new LinkedHashMap<>();
        rows.put(StageTimings.JVM_START, 0.25);
        rows.put("dog", 0.75);
        String table = StageTimings.table(rows);
        assertThat(table.lines().toList()).containsExactly(
                String.format(Locale.ROOT, "%-12s  %9s  %6s", "stage", "seconds", "share"),
                String.format(Locale.ROOT, "%-12s  %9s  %6s", "jvm start-up", "0.250", "25.0%"),
                String.format(Locale.ROOT, "%-12s  %9s  %6s", "dog", "0.750", "75.0%"),
                String.format(Locale.ROOT, "%-12s  %9s  %6s", "total", "1.000", "100.0%"));
    }
}
