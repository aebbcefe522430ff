package org.cryomine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cryomine.cli.PipelineCommandsTest.concat;
import static org.cryomine.cli.PipelineCommandsTest.cryomine;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cryomine.cli.PipelineCommandsTest.Run;
import org.cryomine.core.Volume;
import org.cryomine.io.Volumes;
import org.cryomine.segmentation.Selection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The selection report of a real (tiny) run opened in headless Chromium, used as a person uses it: groups made
 * with the button and with Enter, clusters clicked in and out (also before any group exists), the selection
 * saved, the page reloaded with the work kept, the saved file loaded back, and the downloaded file handed to
 * {@code embed}. Needs Debian's {@code chromium} and {@code chromium-driver}; skips without them. With
 * {@code -Dcryomine.reportScreenshots=DIR} it also writes the screenshots of the README there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium's own logger, kept quiet: it warns that it has no DevTools bindings for this Chromium (unused here). */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @TempDir
    static Path dir;

    private ChromeDriver browser;
    private Path run;
    private Path downloads;

    @BeforeAll
    void mineAndOpenBrowser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "skipped: the report's browser test needs /usr/bin/chromium and /usr/bin/chromedriver (Debian's "
                        + "chromium and chromium-driver)");
        Run sim = cryomine("simulate", "--out", dir.resolve("sim").toString(), "--size", "96,96,40", "--seed", "5",
                "--quiet");
        assertThat(sim.exit()).as(sim.err()).isZero();
        run = dir.resolve("run");
        Run mined = cryomine("mine", dir.resolve("sim/tomogram.mrc").toString(), "--out", run.toString(), "--box", "16",
                "--sigma", "2", "--smoothing-sigma", "1", "--min-distance", "6", "--k", "6", "--epochs", "2", "--filters",
                "4", "--code-size", "8", "--seed", "3", "--quiet");
        assertThat(mined.exit()).as(mined.err()).isZero();
        downloads = dir.resolve("downloads");
        browser = open(downloads, 1300, 900);
    }

    /** Headless Chromium through Debian's chromedriver; Selenium Manager is never asked to download anything. */
    static ChromeDriver open(Path downloads, int width, int height) {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private String selection() {
        return (String) js("return window.cryomine.selectionJson()");
    }

    private WebElement card(int n) {
        return browser.findElement(By.id("card-" + n));
    }

    private void click(WebElement e) {
        js("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    @Test
    void aPersonSelectsSavesReloadsLoadsAndEmbeds() throws Exception {
        browser.get(run.resolve("report.html").toUri().toString());
        assertThat(browser.findElements(By.cssSelector(".card"))).hasSize(6);
        assertThat(browser.findElements(By.cssSelector("#legend span"))).hasSize(6);
        // one colour per cluster even at k = 200, distinct from the group marking
        assertThat(((Number) js("const s = new Set(); for (let n = 0; n < 200; n++) s.add(window.cryomine.colourOf(n));"
                + " return s.size")).intValue()).isEqualTo(200);
        // the page keeps its state in the browser under a key naming this run
        Number keys = (Number) js("return Object.keys(localStorage).filter(k => k.startsWith(arguments[0])).length",
                "cryomine-selection:" + run.toAbsolutePath().normalize() + "#k6#");
        assertThat(keys.intValue()).isEqualTo(1);

        // a legend entry shows that cluster's points alone and marks its card; a second click shows all again
        WebElement legend3 = browser.findElement(By.cssSelector("#legend span[data-n='3']"));
        click(legend3);
        assertThat(card(3).getAttribute("class")).contains("focus");
        String pointColours = "const c = document.getElementById('map'), d = c.getContext('2d').getImageData(0, 0, c.width,"
                + " c.height).data, s = new Set(); for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] === 221"
                + " && d[i + 1] === 221 && d[i + 2] === 221)) s.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]); return s.size";
        assertThat(((Number) js(pointColours)).intValue()).isEqualTo(1);
        click(legend3);
        assertThat(((Number) js(pointColours)).intValue()).isEqualTo(6);
        assertThat(legend3.getAttribute("class")).doesNotContain("on");

        // a cluster clicked before any group exists lands in a new group
        click(card(0));
        assertThat(Selection.fromJson(selection(), "page").groups()).singleElement()
                .satisfies(g -> assertThat(g.clusters()).containsExactly(0));
        // Enter in the name box adds a group, which becomes the active one
        WebElement name = browser.findElement(By.id("newname"));
        name.sendKeys("membrane", Keys.ENTER);
        click(card(1));
        click(card(2));
        click(card(2));                                   // out again
        name.sendKeys("globule");
        click(browser.findElement(By.id("add")));
        click(card(3));
        click(card(1));                                   // moved from membrane to globule
        click(browser.findElements(By.cssSelector("#grouplist .group")).get(1)); // membrane active again
        click(card(4));
        String expected = "{\"groups\":[{\"name\":\"group 1\",\"clusters\":[0]},{\"name\":\"membrane\",\"clusters\":[4]},"
                + "{\"name\":\"globule\",\"clusters\":[1,3]}]}";
        assertThat(Selection.fromJson(selection(), "page")).isEqualTo(Selection.fromJson(expected, "expected"));
        assertThat(card(3).getAttribute("class")).contains("grouped");
        assertThat(card(3).findElement(By.className("badge")).getText()).isEqualTo("3 globule");
        assertThat(card(2).getAttribute("class")).doesNotContain("grouped");

        // save: the file arrives and the page shows the commands that use it
        click(browser.findElement(By.id("save")));
        Path saved = downloads.resolve("selection.json");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Files.exists(saved));
        assertThat(Selection.load(saved)).isEqualTo(Selection.fromJson(expected, "expected"));
        String commands = browser.findElement(By.id("command-text")).getText();
        String runPath = run.toAbsolutePath().normalize().toString();
        assertThat(commands).contains("cryomine train-seg " + runPath + " --selection selection.json --out segmodel")
                .contains("cryomine embed " + runPath + " --selection selection.json --out labels.mrc");
        screenshot("report-groups.png");

        // sorted by size: sizes fall along the page; by similarity: the order the run embedded
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("sort"))).selectByValue("size");
        List<Integer> sizes = browser.findElements(By.cssSelector(".card")).stream()
                .map(e -> Integer.parseInt(e.getAttribute("data-size"))).toList();
        assertThat(sizes).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // a reload keeps the groups (and the sort)
        browser.navigate().refresh();
        assertThat(Selection.fromJson(selection(), "page")).isEqualTo(Selection.fromJson(expected, "expected"));
        assertThat(browser.findElement(By.id("sort")).getAttribute("value")).isEqualTo("size");
        assertThat(browser.findElement(By.id("status")).getText()).contains("restored 3 group");

        // clear, then load the saved file back
        click(browser.findElement(By.id("clear")));
        browser.switchTo().alert().accept();
        assertThat(selection()).doesNotContain("clusters");
        browser.findElement(By.id("load")).sendKeys(saved.toAbsolutePath().toString());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> selection().contains("globule"));
        assertThat(Selection.fromJson(selection(), "page")).isEqualTo(Selection.fromJson(expected, "expected"));
        // each group's kind, suggested by its name, changes on a click of its chip without changing the active group
        List<WebElement> kinds = browser.findElements(By.cssSelector("#grouplist .group .kind"));
        assertThat(kinds.stream().map(WebElement::getText).toList()).containsExactly("particle", "membrane", "particle");
        click(kinds.get(2));
        assertThat(Selection.fromJson(selection(), "page").groups().get(2).kind()).isEqualTo(Selection.Kind.OTHER);
        assertThat(browser.findElements(By.cssSelector("#grouplist .group")).get(0).getAttribute("class"))
                .as("the active group stays").contains("active");
        click(browser.findElements(By.cssSelector("#grouplist .group .kind")).get(2));
        assertThat(Selection.fromJson(selection(), "page").groups().get(2).kind()).isEqualTo(Selection.Kind.MEMBRANE);
        click(browser.findElements(By.cssSelector("#grouplist .group .kind")).get(2));
        assertThat(Selection.fromJson(selection(), "page")).isEqualTo(Selection.fromJson(expected, "expected"));
        // the tomogram overview: a cluster's members, and a member's box on click
        WebElement where = card(3).findElement(By.className("where"));
        click(where);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#ov-members button"))
                .isEmpty());
        int size3 = Integer.parseInt(card(3).getAttribute("data-size"));
        assertThat(browser.findElements(By.cssSelector("#ov-members button"))).hasSize(Math.min(size3, 200));
        click(browser.findElements(By.cssSelector("#ov-members button")).get(0));
        assertThat(browser.findElement(By.id("ov-info")).getText()).startsWith("member at (").contains("box 16^3");
        // the box is drawn in yellow on the x-y slice
        Number yellow = (Number) js("const c = document.getElementById('ov-xy'), d = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4)"
                + " if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 0) n++; return n");
        assertThat(yellow.intValue()).isPositive();
        js("document.getElementById('overview').scrollIntoView()");
        screenshot("report-overview.png");

        // a file naming a cluster the run lacks is refused with a message, and the groups stay
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"groups\": [{\"name\": \"x\", \"clusters\": [99]}]}");
        browser.findElement(By.id("load")).sendKeys(bad.toAbsolutePath().toString());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                d.findElement(By.id("status")).getText().contains("cluster 99"));
        assertThat(Selection.fromJson(selection(), "page")).isEqualTo(Selection.fromJson(expected, "expected"));

        // the downloaded file is what embed takes
        Path labels = dir.resolve("labels.mrc");
        Run embedded = cryomine("embed", run.toString(), "--selection", saved.toString(), "--out", labels.toString(),
                "--allow-empty", "--quiet");
        assertThat(embedded.exit()).as(embedded.err()).isZero();
        Volume map = Volumes.read(labels);
        float max = 0;
        for (float v : map.data()) {
            max = Math.max(max, v);
        }
        assertThat(max).isBetween(1f, 3f);
        // and what train-seg takes (the issue's hand-over): a model whose selection is the saved one
        Path model = dir.resolve("segmodel");
        Run trained = cryomine("train-seg", run.toString(), "--selection", saved.toString(), "--out", model.toString(),
                "--epochs", "1", "--filters", "4", "--level", "0", "--quiet");
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(org.cryomine.pipeline.SegModel.open(model).selection())
                .isEqualTo(Selection.fromJson(Files.readString(saved), "saved"));
    }

    @Test
    void aPageOf200ClustersOpensFastAndLoadsImagesOnlyWhenScrolledTo() throws Exception {
        // 200 clusters with pictures as large as a 32^3 box's (three 96x96 slices of noise, about 25 kB each)
        java.util.Random random = new java.util.Random(1);
        List<org.cryomine.pipeline.report.ClusterCard> cards = new java.util.ArrayList<>();
        for (int c = 0; c < 200; c++) {
            cards.add(new org.cryomine.pipeline.report.ClusterCard(c, 10 + random.nextInt(500), noisePng(random),
                    noisePng(random), List.of(noisePng(random), noisePng(random), noisePng(random))));
        }
        float[][] map = new float[40_000][];
        int[] assignments = new int[map.length];
        for (int i = 0; i < map.length; i++) {
            assignments[i] = random.nextInt(200);
            map[i] = new float[] {(float) random.nextGaussian() + assignments[i] % 20, (float) random.nextGaussian()
                    + assignments[i] / 20};
        }
        int[] order = java.util.stream.IntStream.range(0, 200).map(i -> (i * 7) % 200).toArray();
        // two tomograms with overviews (8 x 8 x 4 voxels, binned 2x from 16 x 16 x 8, 2 slices per mosaic row);
        // cluster 7 has one member in the first and two in the second
        List<org.cryomine.pipeline.report.TomogramOverview> overviews = List.of(
                new org.cryomine.pipeline.report.TomogramOverview("TS_01", 8, 8, 4, 2, 2, greyPng(16, 16), 4,
                        new int[][] {{3, 3, 3}, {8, 8, 4}}, new int[] {7, 1}),
                new org.cryomine.pipeline.report.TomogramOverview("TS_02", 8, 8, 4, 2, 2, greyPng(16, 16), 4,
                        new int[][] {{3, 3, 3}, {8, 8, 4}, {12, 4, 2}}, new int[] {7, 7, 2}));
        Path page = dir.resolve("big/report.html");
        Files.createDirectories(page.getParent());
        new org.cryomine.pipeline.report.SelectionReport("200 clusters", cards, map, assignments, "", order, overviews,
                dir.resolve("big").toString(), "big-test").write(page, true);
        browser.get(page.toUri().toString());
        long ready = ((Number) js("const t = performance.getEntriesByType('navigation')[0]; return Math.round(t.loadEventEnd"
                + " || t.domContentLoadedEventEnd)")).longValue();
        // measured on 2 shared cores: 29 MB page (incompressible noise pictures), loaded in 0.7-2.2 s
        assertThat(ready).isLessThan(10_000);
        // the last card's pictures are not decoded until it comes near the screen
        WebElement last = card(199);
        assertThat(last.findElement(By.tagName("img")).getAttribute("src")).isNull();
        js("arguments[0].scrollIntoView()", last);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                last.findElement(By.tagName("img")).getAttribute("src") != null);
        assertThat(browser.findElements(By.cssSelector("#legend span"))).hasSize(200);
        // similar centres side by side: the order the run embedded
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("sort"))).selectByValue("similar");
        List<Integer> shown = browser.findElements(By.cssSelector(".card")).stream()
                .map(e -> Integer.parseInt(e.getAttribute("data-n"))).toList();
        assertThat(shown).containsExactlyElementsOf(java.util.Arrays.stream(order).boxed().toList());
        js("window.scrollTo(0, 0)");
        screenshot("report-200-clusters.png");
        // "where in the tomogram?" goes to the tomogram holding most of the cluster's members
        assertThat(browser.findElement(By.id("ov-tomo-label")).isDisplayed()).isTrue();
        click(card(7).findElement(By.className("where")));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("ov-info")).getText()
                .equals("2 of its members are in TS_02"));
        assertThat(browser.findElement(By.id("ov-tomo")).getAttribute("value")).isEqualTo("1");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("ov-tomo"))).selectByValue("0");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("ov-info")).getText()
                .equals("1 of its members are in TS_01"));
    }

    private static byte[] greyPng(int width, int height) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static byte[] noisePng(java.util.Random random) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(288, 96,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 288; x++) {
                img.getRaster().setSample(x, y, 0, 96 + random.nextInt(64));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Writes a screenshot of the page to the folder named by {@code -Dcryomine.reportScreenshots}, if any. */
    private void screenshot(String name) throws Exception {
        String folder = System.getProperty("cryomine.reportScreenshots");
        if (folder == null) {
            return;
        }
        Path file = Path.of(folder).resolve(name);
        Files.createDirectories(file.getParent());
        // downscaled to 1000 pixels across with 64 grey levels per channel, so that the README's pictures stay small
        java.awt.image.BufferedImage shot = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                browser.getScreenshotAs(OutputType.BYTES)));
        int w = Math.min(1000, shot.getWidth());
        int h = shot.getHeight() * w / shot.getWidth();
        java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = small.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(shot, 0, 0, w, h, null);
        g.dispose();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                small.setRGB(x, y, small.getRGB(x, y) & 0xFCFCFC);
            }
        }
        javax.imageio.ImageIO.write(small, "png", file.toFile());
    }
}
