package dev.krr.backtest.report;

import dev.krr.backtest.engine.StrategySummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A hand-written SVG with one point per strategy in two panels: mean memory slack against mean
 * OOM rate, and mean CPU slack against mean CPU under-provisioning rate (means over series). The
 * best place is the bottom-left corner: little slack, few OOMs. Axes start at 0; the rate axis
 * ends at five "nice" steps (1, 2, 2.5 or 5 × 10^k) covering 1.15 × the largest rate (at least
 * 0.1%), so small differences stay visible: rates up to 0.19% → an axis to 0.25% in 0.05% steps.
 */
public final class SlackOomPlot {

    public static final String FILE = "slack-vs-oom.svg";
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    private static final int PANEL_WIDTH = 480;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private SlackOomPlot() {
    }

    public static void write(Path file, List<StrategySummary> summaries, String title) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(summaries, title), StandardCharsets.UTF_8);
    }

    public static String render(List<StrategySummary> summaries, String title) {
        StringBuilder sb = new StringBuilder();
        int width = PANEL_WIDTH * 2;
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, HEIGHT + 30, width, HEIGHT + 30));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, HEIGHT + 30));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">%s</text>%n",
                width / 2, escape(title)));
        panel(sb, 0, summaries, s -> s.memoryOom().mean(), s -> s.memorySlack().mean(),
                "memory OOM rate (mean over series)", "memory slack (mean over series)");
        panel(sb, PANEL_WIDTH, summaries, s -> s.cpuUnderProvisioned().mean(), s -> s.cpuSlack().mean(),
                "CPU under-provisioning rate (mean over series)", "CPU slack vs request (mean over series)");
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void panel(StringBuilder sb, int x0, List<StrategySummary> summaries, ToDoubleFunction<StrategySummary> xOf,
                              ToDoubleFunction<StrategySummary> yOf, String xLabel, String yLabel) {
        double largest = 0;
        for (StrategySummary s : summaries) {
            double x = xOf.applyAsDouble(s);
            if (!Double.isNaN(x)) {
                largest = Math.max(largest, x);
            }
        }
        double xStep = niceStep(Math.max(largest * 1.15, 0.001) / 5);
        double xMax = xStep * 5;
        int plotW = PANEL_WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int px = x0 + LEFT;
        int py = TOP;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                px, py, plotW, plotH));
        for (int i = 0; i <= 5; i++) {
            int gx = px + plotW * i / 5;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", gx, py, gx, py + plotH));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", gx, py + plotH + 16,
                    tick(xStep * i, xStep)));
            int gy = py + plotH - plotH * i / 5;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", px, gy, px + plotW, gy));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", px - 6, gy + 4,
                    tick(i / 5.0, 0.2)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px + plotW / 2,
                py + plotH + 40, escape(xLabel)));
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">%s</text>%n",
                x0 + 18, py + plotH / 2, x0 + 18, py + plotH / 2, escape(yLabel)));
        List<double[]> placed = new ArrayList<>();
        for (int k = 0; k < summaries.size(); k++) {
            StrategySummary s = summaries.get(k);
            double x = xOf.applyAsDouble(s);
            double y = yOf.applyAsDouble(s);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                continue;
            }
            double cx = px + plotW * Math.min(x / xMax, 1);
            double cy = py + plotH - plotH * Math.min(Math.max(y, 0), 1);
            String colour = COLOURS[k % COLOURS.length];
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" fill-opacity=\"0.8\">"
                    + "<title>%s: %.3f%%, %.2f%%</title></circle>%n", cx, cy, colour, escape(s.strategy()), x * 100, y * 100));
            // labels of coinciding points are stacked downwards instead of drawn over each other
            double lx = cx + 8;
            double ly = cy + 4;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (double[] p : placed) {
                    if (Math.abs(p[0] - lx) < 90 && Math.abs(p[1] - ly) < 13) {
                        ly = p[1] + 13;
                        moved = true;
                    }
                }
            }
            placed.add(new double[] {lx, ly});
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>%n", lx, ly, colour,
                    escape(s.strategy())));
        }
    }

    /** 1, 2, 2.5 or 5 × 10^k, the smallest at or above {@code raw}: 0.00044 → 0.0005, 0.037 → 0.05. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw * (1 - 1e-9)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** A tick as a percentage with as many decimals as the step needs: step 0.0005 → "0.05%", 0.00025 → "0.025%". */
    static String tick(double fraction, double step) {
        double pp = step * 100;
        int exponent = (int) Math.floor(Math.log10(pp) + 1e-9);
        double mantissa = pp / Math.pow(10, exponent);
        int decimals = Math.max(0, -exponent) + (Math.abs(mantissa - 2.5) < 1e-6 ? 1 : 0);
        return String.format(Locale.ROOT, "%." + decimals + "f%%", fraction * 100);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
