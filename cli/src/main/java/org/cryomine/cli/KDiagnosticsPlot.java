package org.cryomine.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.cryomine.cluster.KScore;
import org.cryomine.cluster.KSelection;
import org.cryomine.core.CryomineException;
import org.cryomine.io.png.SliceMontage;

/** Draws the k diagnostics of a {@link KSelection} as a PNG: four panels (inertia, silhouette, CH, stability) over k. */
final class KDiagnosticsPlot {

    static final int WIDTH = 1200;
    static final int HEIGHT = 900;

    private KDiagnosticsPlot() {
    }

    /** Renders the plot; nothing is modified. */
    static BufferedImage render(KSelection selection) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            List<KScore> s = selection.scores();
            panel(g, s, KScore::inertia, "inertia (lower is tighter)", 0, 0);
            panel(g, s, KScore::silhouette, "silhouette (higher is better)", WIDTH / 2, 0);
            panel(g, s, KScore::calinskiHarabasz, "Calinski-Harabasz (higher is better)", 0, HEIGHT / 2);
            panel(g, s, KScore::stability, "stability across seeds, mean ARI", WIDTH / 2, HEIGHT / 2);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes the plot to {@code target} through a temporary file in the same folder, replacing it. */
    static void write(KSelection selection, Path target) {
        SliceMontage.writePng(render(selection), target, true);
    }

    private static void panel(Graphics2D g, List<KScore> scores, ToDoubleFunction<KScore> f, String title,
                              int x0, int y0) {
        int left = x0 + 90;
        int right = x0 + WIDTH / 2 - 30;
        int top = y0 + 50;
        int bottom = y0 + HEIGHT / 2 - 50;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, left, y0 + 30);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (KScore s : scores) {
            double v = f.applyAsDouble(s);
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, right - left, bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int kMin = scores.get(0).k();
        int kMax = scores.get(scores.size() - 1).k();
        g.drawString("k = " + kMin, left, bottom + 18);
        String last = "k = " + kMax;
        g.drawString(last, right - g.getFontMetrics().stringWidth(last), bottom + 18);
        if (min > max) {
            g.drawString("not defined for these k", left + 20, (top + bottom) / 2);
            return;
        }
        if (max == min) {
            max = min + 1;
        }
        g.drawString(String.format(java.util.Locale.ROOT, "%.4g", max), x0 + 5, top + 5);
        g.drawString(String.format(java.util.Locale.ROOT, "%.4g", min), x0 + 5, bottom);
        g.setColor(new Color(31, 119, 180));
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (KScore s : scores) {
            double v = f.applyAsDouble(s);
            if (!Double.isFinite(v)) {
                px = -1;
                continue;
            }
            int x = kMax == kMin ? (left + right) / 2 : left + (int) Math.round((s.k() - kMin) * (double) (right - left) / (kMax - kMin));
            int y = bottom - (int) Math.round((v - min) * (bottom - top) / (max - min));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillOval(x - 3, y - 3, 6, 6);
            px = x;
            py = y;
        }
    }
}
