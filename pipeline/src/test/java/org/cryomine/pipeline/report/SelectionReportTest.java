package org.cryomine.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionReportTest {

    @TempDir
    Path dir;

    private static byte[] png(int grey) throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 1, 0, grey);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private SelectionReport report() throws Exception {
        List<ClusterCard> cards = List.of(
                new ClusterCard(0, 12, png(10), png(20), List.of(png(30))),
                new ClusterCard(7, 3, png(40), null, List.of()));
        float[][] map = {{0, 0}, {1, 2}, {3, 1}};
        return new SelectionReport("Run <1>", cards, map, new int[] {0, 7, 0}, "All pictures share one window.");
    }

    @Test
    void isSelfContainedAndEmbedsEveryPicture() throws Exception {
        String html = report().toHtml();
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("src=\"/")
                .doesNotContain("@DATA@").doesNotContain("@TITLE@");
        assertThat(html).contains("Run &lt;1&gt;").contains("\"n\":7").contains("\"size\":12");
        // every embedded image decodes as the PNG we put in
        Matcher m = Pattern.compile("\"([A-Za-z0-9+/=]{40,})\"").matcher(html);
        int images = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(img.getWidth()).isEqualTo(4);
            images++;
        }
        assertThat(images).isEqualTo(4);
        assertThat(html).contains("[1.0,2.0,7]").contains("selection.json");
    }

    @Test
    void writesAtomicallyAndRefusesToOverwrite() throws Exception {
        Path file = dir.resolve("report.html");
        report().write(file, false);
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>");
        assertThatThrownBy(() -> report().write(file, false)).hasMessageContaining("exists");
    }

    @Test
    void embedsTheSimilarityOrderTheRunAndTheOverview() throws Exception {
        List<ClusterCard> cards = List.of(new ClusterCard(0, 2, png(10), null, List.of()),
                new ClusterCard(1, 1, png(20), null, List.of()));
        TomogramOverview overview = new TomogramOverview("tomo\"1", 4, 4, 2, 3, 2, png(50), 16,
                new int[][] {{5, 6, 1}, {9, 2, 4}, {1, 1, 1}}, new int[] {1, 0, 1});
        SelectionReport r = new SelectionReport("t", cards, new float[3][2], new int[] {1, 0, 1}, "", new int[] {1, 0},
                List.of(overview), "/data/run 1", "/data/run 1#k2#7");
        String html = r.toHtml();
        assertThat(html).contains("\"order\":[1,0]").contains("\"run\":\"/data/run 1\"")
                .contains("\"runId\":\"/data/run 1#k2#7\"")
                .contains("\"name\":\"tomo\\u00221\"").contains("\"bin\":3").contains("\"box\":16")
                .contains("\"picks\":[[5,6,1,1],[9,2,4,0],[1,1,1,1]]");
        assertThatThrownBy(() -> new SelectionReport("t", cards, new float[3][2], new int[3], "", new int[] {0}, List.of(),
                null, "id")).hasMessageContaining("1 entries for 2 clusters");
    }

    @Test
    void mismatchedMapAndAssignmentsAreRejected() {
        assertThatThrownBy(() -> new SelectionReport("t", List.of(), new float[2][2], new int[3], ""))
                .hasMessageContaining("2 points but there are 3 assignments");
    }
}
