package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryomine.cli.PipelineCommandsTest.Run;
import org.cryomine.io.Volumes;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cryomine select}: selections without a browser, from --group or carried from one run to another (by codes
 * when the runs share the autoencoder, by decoded centres otherwise); and a rerun with a smaller k removing the
 * pictures of clusters that no longer exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelectCommandTest {

    @TempDir
    static Path dir;

    private Path runA;
    private Path runB;

    private static String[] mine(Path tomogram, Path out, int k, int seed) {
        return new String[] {"mine", tomogram.toString(), "--out", out.toString(), "--box", "16", "--sigma", "2",
            "--smoothing-sigma", "1", "--min-distance", "6", "--k", Integer.toString(k), "--epochs", "2", "--filters", "4",
            "--code-size", "8", "--seed", Integer.toString(seed), "--quiet"};
    }

    @BeforeAll
    void mineTwoRuns() {
        for (int s : new int[] {5, 6}) {
            Run sim = cryomine("simulate", "--out", dir.resolve("sim" + s).toString(), "--size", "96,96,40", "--seed",
                    Integer.toString(s), "--quiet");
            assertThat(sim.exit()).as(sim.err()).isZero();
        }
        runA = dir.resolve("runA");
        runB = dir.resolve("runB");
        Run a = cryomine(mine(dir.resolve("sim5/tomogram.mrc"), runA, 6, 3));
        assertThat(a.exit()).as(a.err()).isZero();
        Run b = cryomine(mine(dir.resolve("sim6/tomogram.mrc"), runB, 5, 4));
        assertThat(b.exit()).as(b.err()).isZero();
    }

    @Test
    @Order(1)
    void groupsWithoutABrowser() {
        Path sel = runA.resolve("selection.json");
        Run r = cryomine("select", runA.toString(), "--group", "membrane=0,2", "--group", "globule=5", "--out", sel.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Selection.load(sel)).isEqualTo(Selection.parse(List.of("membrane=0,2", "globule=5")));
        Run bad = cryomine("select", runA.toString(), "--group", "x=9", "--out", dir.resolve("bad.json").toString());
        assertThat(bad.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(bad.err()).contains("9");
        assertThat(dir.resolve("bad.json")).doesNotExist();
        Run neither = cryomine("select", runA.toString(), "--out", dir.resolve("n.json").toString());
        assertThat(neither.err()).contains("--like").contains("--group");
        Path kinds = dir.resolve("kinds.json");
        Run k = cryomine("select", runA.toString(), "--group", "envelope=0,2", "--group", "membrane_protein=5",
                "--kind", "envelope=membrane", "--kind", "membrane_protein=other", "--out", kinds.toString());
        assertThat(k.exit()).as(k.err()).isZero();
        assertThat(Selection.load(kinds).membraneGroups()).as("named by --kind, not by name").containsExactly("envelope");
        Run unknown = cryomine("select", runA.toString(), "--group", "a=0", "--kind", "b=membrane", "--out",
                dir.resolve("unknown.json").toString());
        assertThat(unknown.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(unknown.err()).contains("'b'").contains("[a]");
        assertThat(dir.resolve("unknown.json")).doesNotExist();
    }

    @Test
    @Order(2)
    void aRunMatchedToItselfByCodesKeepsEveryCluster() {
        Path out = dir.resolve("self.json");
        // --like-run defaults to the folder holding the selection file
        Run r = cryomine("select", runA.toString(), "--like", runA.resolve("selection.json").toString(), "--out",
                out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("mean codes").contains("membrane: cluster 0 -> 0  distance 0.000")
                .contains("globule: cluster 5 -> 5  distance 0.000");
        assertThat(Selection.load(out)).isEqualTo(Selection.load(runA.resolve("selection.json")));
    }

    @Test
    @Order(3)
    void anotherRunIsMatchedByDecodedCentresAndFarMatchesAreRefused() throws Exception {
        Path out = dir.resolve("carried.json");
        Run r = cryomine("select", runB.toString(), "--like", runA.resolve("selection.json").toString(), "--out",
                out.toString(), "--max-distance", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("decoded centres");
        Matcher m = Pattern.compile("membrane: cluster 0 -> (\\d+)  distance ([0-9.]+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        int to = Integer.parseInt(m.group(1));
        // the printed distance is 1 - the normalised cross-correlation of the two decoded centres, computed here apart
        double ncc = ncc(Volumes.read(runA.resolve("clusters/centre_000.mrc")).data(),
                Volumes.read(runB.resolve(String.format("clusters/centre_%03d.mrc", to))).data());
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(1 - ncc, within(0.0006));
        Selection carried = Selection.load(out);
        assertThat(carried.groupNames()).containsExactly("membrane", "globule");
        assertThat(carried.groups().get(0).clusters()).hasSize(2).allSatisfy(c -> assertThat(c).isBetween(0, 4));

        Run strict = cryomine("select", runB.toString(), "--like", runA.resolve("selection.json").toString(), "--out",
                dir.resolve("strict.json").toString(), "--max-distance", "0");
        assertThat(strict.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(strict.out()).contains("REFUSED");
        assertThat(strict.err()).contains("--max-distance");
        assertThat(dir.resolve("strict.json")).doesNotExist();
    }

    @Test
    @Order(3)
    void clustersAreSelectedFromALabelMap() throws Exception {
        Path out = dir.resolve("labels.json");
        Path labels = dir.resolve("sim6/labels.mrc");
        Run r = cryomine("select", runB.toString(), "--from-labels", labels.toString(), "--class", "membrane=1",
                "--class", "globule=2,3", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // the same selection made in Java from the run's picks and the simulation's label map
        org.cryomine.pipeline.MinedRun mined = org.cryomine.pipeline.MinedRun.open(runB);
        int[] pickLabels = org.cryomine.demo.LabelMapSelector.labelsAt(Volumes.read(labels), mined.centres());
        assertThat(pickLabels).as("picks on large and small globules").contains(2, 3);
        java.util.Map<String, List<Integer>> wanted = new java.util.LinkedHashMap<>();
        wanted.put("membrane", List.of(1));
        wanted.put("globule", List.of(2, 3));
        assertThat(Selection.load(out)).isEqualTo(org.cryomine.demo.LabelMapSelector.select(mined.assignments(),
                pickLabels, wanted, 0.5));
        assertThat(r.out()).contains("globule (particle): clusters").contains("written to");

        Run noClass = cryomine("select", runB.toString(), "--from-labels", labels.toString(), "--out",
                dir.resolve("x.json").toString());
        assertThat(noClass.exit()).isEqualTo(CryomineCommand.EXIT_ERROR);
        assertThat(noClass.err()).contains("--class");
        Path small = dir.resolve("small-labels.mrc");
        Volumes.write(org.cryomine.core.Volume.zeros(10, 10, 10), small, org.cryomine.io.WriteOptions.defaults());
        Run wrongGrid = cryomine("select", runB.toString(), "--from-labels", small.toString(), "--class", "m=1", "--out",
                dir.resolve("x.json").toString());
        assertThat(wrongGrid.err()).contains("10x10x10 voxels but the mined tomogram is 96x96x40");
        Run two = cryomine("select", runB.toString(), "--from-labels", labels.toString(), "--from-labels",
                labels.toString(), "--class", "m=1", "--out", dir.resolve("y.json").toString());
        assertThat(two.err()).contains("1 tomogram(s) but 2 label map(s)");
        assertThat(dir.resolve("y.json")).doesNotExist();
    }

    private static double ncc(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    @Order(4)
    void aRerunWithSmallerKRemovesThePicturesOfClustersThatNoLongerExist() throws Exception {
        assertThat(runA.resolve("clusters/centre_005.mrc")).exists();
        Run r = cryomine(mine(dir.resolve("sim5/tomogram.mrc"), runA, 4, 3));
        assertThat(r.exit()).as(r.err()).isZero();
        for (String f : List.of("centre_004.mrc", "centre_004.png", "centre_005.mrc", "centre_005.png",
                "average_004.mrc", "average_005.png")) {
            assertThat(runA.resolve("clusters").resolve(f)).doesNotExist();
        }
        assertThat(runA.resolve("clusters/centre_003.mrc")).exists();
        assertThat(runA.resolve("clusters/average_003.png")).exists();
        assertThat(Files.readString(runA.resolve("report.html"))).contains("#k4#").doesNotContain("#k6#");
    }
}
