package org.cryomine.io.particles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryomine.core.CryomineException;
import org.cryomine.core.Vec3;
import org.cryomine.core.VoxelSize;
import org.cryomine.io.PeerPrograms;
import org.cryomine.io.star.StarFile;
import org.cryomine.io.star.StarLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticleListsTest {

    @TempDir
    Path dir;

    static final List<Particle> FULL = List.of(
            new Particle(new Vec3(10.5, 20, 30.25), 0.75, 3, "surface", "TS_01"),
            new Particle(new Vec3(1, 2, 3), Double.NaN, -1, null, "TS_01"),
            new Particle(new Vec3(4, 5, 6), -1.5e-9, 0, "large globule", "TS 02"));

    @Test
    void coordinatesAreWrittenExactlyAsTheFormatterWritesThem() {
        // num is a fast path of String.format(Locale.ROOT, "%.6f", v) (the JDK's own formatter is the reference)
        java.util.Random r = new java.util.Random(3);
        List<Double> values = new java.util.ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 1e-7, -1e-7, 5e-7, -5e-7,
                0.0000005, 0.0000015, 1234.5678905, -1234.5678905, 0.1 + 0.2, 9_999_999.0, 9_999_999.5, 1e7, 1.5e7,
                123456789.123, 1e-3, 0.00099, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE, 2.5e-4, 0.0012345675));
        for (int i = 0; i < 50_000; i++) {
            double scale = Math.pow(10, r.nextInt(12) - 5);
            double v = (r.nextDouble() - 0.5) * scale;
            values.add(v);
            values.add(Math.rint(v * 1e6) / 1e6 + (r.nextBoolean() ? 5e-7 : 0)); // on a rounding tie, if any
            values.add((Math.rint(v * 100) - 256) * 13.48); // centred Å coordinates of a pick
            values.add((double) (float) v);
        }
        for (double v : values) {
            assertThat(ParticleLists.num(v)).as("%s", v).isEqualTo(String.format(java.util.Locale.ROOT, "%.6f", v));
        }
    }

    @Test
    void starRoundTripKeepsEveryField() {
        Path file = dir.resolve("particles.star");
        ParticleLists.writeStar(FULL, file, false);
        assertThat(ParticleLists.readStar(file)).containsExactlyElementsOf(FULL);
        StarLoop loop = StarFile.read(file).block("particles").orElseThrow().loops().get(0);
        assertThat(loop.columns()).containsExactly("rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ", "rlnTomoName",
                "cryomineScore", "cryomineCluster", "cryomineClass", "rlnClassNumber");
        assertThatThrownBy(() -> ParticleLists.writeStar(FULL, file, false)).hasMessageContaining("exists");
    }

    @Test
    void onlyColumnsWithValuesAreWritten() {
        Path file = dir.resolve("plain.star");
        List<Particle> plain = List.of(Particle.at(1, 2, 3), Particle.at(4.5, 5, 6));
        ParticleLists.writeStar(plain, file, false);
        StarLoop loop = StarFile.read(file).blocks().get(0).loops().get(0);
        assertThat(loop.columns()).containsExactly("rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ");
        assertThat(ParticleLists.readStar(file)).containsExactlyElementsOf(plain);
    }

    @Test
    void readsRelion5CentredAngstromCoordinates() throws IOException {
        // layout of a RELION 5 particles file (as in cylindra's RELION test data), values made up
        Path file = Files.writeString(dir.resolve("relion5.star"), String.join("\n",
                "# version 50001", "", "data_general", "", "_rlnTomoSubTomosAre2DStacks                       1", "",
                "# version 50001", "", "data_particles", "", "loop_", "_rlnTomoName #1",
                "_rlnCenteredCoordinateXAngst #2", "_rlnCenteredCoordinateYAngst #3", "_rlnCenteredCoordinateZAngst #4",
                "_rlnTomoVisibleFrames #5",
                "     TS_01   100.0  -50.0   0.0 [0,0,1,1]",
                "     TS_01   -200.0   20.0  10.0 [0,1,1,1]", ""));
        assertThatThrownBy(() -> ParticleLists.readStar(file)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("centred");
        // voxel = centred / voxel size + size / 2, with a 200 x 100 x 50 tomogram of 10 Å voxels
        List<Particle> p = ParticleLists.readStar(file, new int[] {200, 100, 50}, VoxelSize.isotropic(10));
        assertThat(p).hasSize(2);
        assertThat(p.get(0).position()).isEqualTo(new Vec3(110, 45, 25));
        assertThat(p.get(1).position()).isEqualTo(new Vec3(80, 52, 26));
        assertThat(p.get(0).tomoName()).isEqualTo("TS_01");
    }

    @Test
    void csvRoundTrip() throws IOException {
        Path file = dir.resolve("particles.csv");
        List<Particle> withComma = List.of(FULL.get(0).withClassName("a, b"), FULL.get(1), FULL.get(2));
        ParticleLists.writeCsv(withComma, file, false);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("x,y,z,score,cluster,class,tomo");
        assertThat(ParticleLists.readCsv(file)).containsExactlyElementsOf(withComma);
        Path bad = Files.writeString(dir.resolve("bad.csv"), "x,y,z\n1,2,oops\n");
        assertThatThrownBy(() -> ParticleLists.readCsv(bad)).hasMessageContaining("'oops' is not a number");
    }

    @Test
    void badStarFilesGiveClearErrors() throws IOException {
        Path rows = Files.writeString(dir.resolve("rows.star"),
                "data_x\nloop_\n_rlnCoordinateX #1\n_rlnCoordinateY #2\n_rlnCoordinateZ #3\n1 2 3\n4 5\n");
        assertThatThrownBy(() -> ParticleLists.readStar(rows)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("2 values but there are 3 columns");
        Path none = Files.writeString(dir.resolve("none.star"), "data_x\n_rlnFoo 1\n");
        assertThatThrownBy(() -> ParticleLists.readStar(none)).hasMessageContaining("no particle loop");
        Path orphan = Files.writeString(dir.resolve("orphan.star"), "loop_\n");
        assertThatThrownBy(() -> StarFile.read(orphan)).hasMessageContaining(":1:");
    }

    @Test
    void relionReadsOurStarFile() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/relion_star_printtable")),
                "skipped: RELION's relion_star_printtable is not installed (Debian package relion)");
        Path file = dir.resolve("for_relion.star");
        ParticleLists.writeStar(FULL, file, false);
        PeerPrograms.Result r = PeerPrograms.run(List.of("/usr/bin/relion_star_printtable", file.toString(),
                "data_particles", "rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ", "rlnTomoName"));
        assertThat(r.exitCode).as(r.out).isZero();
        List<String> lines = r.out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).trim().split("\\s+")).containsExactly("10.500000", "20.000000", "30.250000", "TS_01");
        assertThat(lines.get(2)).contains("4.000000", "5.000000", "6.000000");
    }

    /**
     * RELION 5 columns: centred Å coordinates ((x - n / 2) * voxel size, RELION 5's convention) and rlnClassNumber =
     * cluster + 1, read back by RELION's relion_star_printtable (Debian's relion 3.1.3; its relion_star_handler
     * writes empty files even for RELION's own particle files here, so the selection is checked on the printed table).
     */
    @Test
    void relion5ColumnsAndClassSelection() throws IOException {
        Path file = dir.resolve("relion5.star");
        List<Particle> clustered = List.of(new Particle(new Vec3(10, 20, 30), 1, 0, null, "TS_01"),
                new Particle(new Vec3(50, 60, 5), 1, 2, null, "TS_01"),
                new Particle(new Vec3(0, 0, 0), 1, 2, null, "TS_02"));
        ParticleLists.writeStar(clustered, file, false, java.util.Map.of(
                "TS_01", new ParticleLists.Geometry(100, 80, 40, org.cryomine.core.VoxelSize.isotropic(10)),
                "TS_02", new ParticleLists.Geometry(64, 64, 64, org.cryomine.core.VoxelSize.isotropic(2.5))));
        org.cryomine.io.star.StarLoop loop = org.cryomine.io.star.StarFile.read(file).blocks().get(0).loops().get(0);
        assertThat(loop.value(0, "rlnCenteredCoordinateXAngst")).isEqualTo("-400.000000"); // (10 - 50) * 10
        assertThat(loop.value(1, "rlnCenteredCoordinateZAngst")).isEqualTo("-150.000000"); // (5 - 20) * 10
        assertThat(loop.value(2, "rlnCenteredCoordinateYAngst")).isEqualTo("-80.000000"); // (0 - 32) * 2.5
        assertThat(loop.value(1, "rlnClassNumber")).isEqualTo("3");
        // and back: the centred coordinates alone give the voxel positions
        List<Particle> back = ParticleLists.readStar(file, new int[] {100, 80, 40}, org.cryomine.core.VoxelSize.isotropic(10));
        assertThat(back.get(1).position()).isEqualTo(new Vec3(50, 60, 5));

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/relion_star_printtable")),
                "skipped: RELION's relion_star_printtable is not installed (Debian package relion)");
        PeerPrograms.Result r = PeerPrograms.run(List.of("/usr/bin/relion_star_printtable", file.toString(),
                "data_particles", "rlnClassNumber", "rlnTomoName", "rlnCenteredCoordinateXAngst"));
        assertThat(r.exitCode).as(r.out).isZero();
        List<String> class3 = r.out.lines().map(String::trim).filter(l -> l.startsWith("3 ")).toList();
        assertThat(class3).containsExactly("3 TS_01 0.000000", "3 TS_02 -80.000000");
    }

    private Path particles(String name, String columns, String... rows) throws IOException {
        StringBuilder sb = new StringBuilder("data_particles\nloop_\n");
        for (String c : columns.split(" ")) {
            sb.append('_').append(c).append('\n');
        }
        for (String r : rows) {
            sb.append(r).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    @Test
    void numbersMustBeDecimalAndFinite() throws IOException {
        // the fuzzer's silent misreads and escaped IllegalArgumentExceptions (issue 19)
        String xyz = "rlnCoordinateX rlnCoordinateY rlnCoordinateZ";
        for (String bad : List.of("nan", "NaN", "inf", "-Infinity", "1e999", "1.5f", "2d", "0x10", "0x1p3", "1,5", "",
                "+", ".", "1.2.3", "1e", "--1")) {
            Path f = particles("c.star", xyz, "1 2 " + (bad.isEmpty() ? "\"\"" : bad));
            assertThatThrownBy(() -> ParticleLists.readStar(f)).as(bad).isInstanceOf(CryomineException.class)
                    .hasMessageContaining("row 1, column rlnCoordinateZ: '" + bad + "'");
        }
        Path ok = particles("ok.star", xyz, "1 -2.5 +3e2", ".5 5. 1E-3");
        assertThat(ParticleLists.readStar(ok)).extracting(Particle::position)
                .containsExactly(new Vec3(1, -2.5, 300), new Vec3(0.5, 5, 0.001));
    }

    @Test
    void clusterIdsMustBeIntegersOfAtLeastMinusOne() throws IOException {
        String cols = "rlnCoordinateX rlnCoordinateY rlnCoordinateZ cryomineCluster";
        for (String bad : List.of("2.7", "1e12", "nan", "-2", "2147483648", "3.0", "0x1", "+", "1.5f")) {
            Path f = particles("c.star", cols, "1 2 3 " + bad);
            assertThatThrownBy(() -> ParticleLists.readStar(f)).as(bad).isInstanceOf(CryomineException.class)
                    .hasMessageContaining("column cryomineCluster: '" + bad + "'");
        }
        Path ok = particles("ok.star", cols, "1 2 3 -1", "1 2 3 +7", "1 2 3 2147483647");
        assertThat(ParticleLists.readStar(ok)).extracting(Particle::cluster).containsExactly(-1, 7, Integer.MAX_VALUE);
    }

    @Test
    void scoresMayBeNanButNotInfiniteAndNamesMayNotHoldBothQuotes() throws IOException {
        String cols = "rlnCoordinateX rlnCoordinateY rlnCoordinateZ cryomineScore cryomineClass";
        Path ok = particles("ok.star", cols, "1 2 3 nan None", "1 2 3 0.5 \"a b\"");
        assertThat(ParticleLists.readStar(ok)).extracting(Particle::score).containsExactly(Double.NaN, 0.5);
        Path inf = particles("inf.star", cols, "1 2 3 inf None");
        assertThatThrownBy(() -> ParticleLists.readStar(inf)).hasMessageContaining("column cryomineScore: 'inf'");
        Path quotes = particles("q.star", cols, "1 2 3 1 'it's\"x'");
        assertThatThrownBy(() -> ParticleLists.readStar(quotes)).isInstanceOf(CryomineException.class)
                .hasMessageContaining("column cryomineClass").hasMessageContaining("both quote characters");
    }

    @Test
    void hugeCentredCoordinatesAreRefusedNotInfinite() throws IOException {
        Path f = particles("c.star", "rlnCenteredCoordinateXAngst rlnCenteredCoordinateYAngst rlnCenteredCoordinateZAngst",
                "1e308 0 0");
        assertThatThrownBy(() -> ParticleLists.readStar(f, new int[] {10, 10, 10}, VoxelSize.isotropic(0.01)))
                .isInstanceOf(CryomineException.class).hasMessageContaining("too large");
    }

    @Test
    void csvIsStrictAboutQuotesCellsAndHeaders() throws IOException {
        Path bom = Files.writeString(dir.resolve("bom.csv"), "\uFEFFx,y,z\n1,2,3\n");
        assertThat(ParticleLists.readCsv(bom)).containsExactly(Particle.at(1, 2, 3));
        for (String bad : List.of("x,y,z\n1,2,\"3\n", "x,y,z\n1,2,3\"\"\n", "x,y,z\n1,\"2\"x,3\n",
                "x,y,z,x\n1,2,3,4\n", "x,y,z\n1,2\n", "x,y,z,cluster\n1,2,3,2.5\n", "x,y,z\n1,2,NaN\n")) {
            Path f = Files.writeString(dir.resolve("bad.csv"), bad);
            assertThatThrownBy(() -> ParticleLists.readCsv(f)).as(bad).isInstanceOf(CryomineException.class)
                    .hasMessageStartingWith(f.toString());
        }
    }
}
