package io.sessionstores.core.analysis;

import java.util.List;
import java.util.Locale;

import io.sessionstores.core.support.LogText;

/**
 * The HTML form: one self-contained page (no script, no external asset) with the text report and
 * two inline SVG charts, the size histogram and the per-attribute totals.
 */
final class HtmlReport {

    private static final int WIDTH = 640;
    private static final int BAR = 18;
    private static final int LABEL = 200;
    private static final int MAX_KEYS = 30;

    private HtmlReport() {
    }

    static String render(AnalysisReport r) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Session sizes of ")
                .append(escape(r.context())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                + "pre{background:#f6f6f6;padding:1em}svg text{font-size:12px}rect{fill:#4a7ab5}</style>\n"
                + "</head><body>\n<h1>Session sizes of ").append(escape(r.context())).append("</h1>\n");
        out.append("<h2>Size histogram (raw bytes)</h2>\n");
        List<AnalysisReport.SizeBin> bins = r.histogram();
        chart(out, "histogram", bins.stream().map(TextReport::range).toList(),
                bins.stream().mapToLong(AnalysisReport.SizeBin::count).toArray(), "sessions");
        out.append("<h2>Attributes by total size (bytes)</h2>\n");
        List<AnalysisReport.KeyStats> keys = r.keys().subList(0, Math.min(MAX_KEYS, r.keys().size()));
        chart(out, "attributes", keys.stream().map(AnalysisReport.KeyStats::name).toList(),
                keys.stream().mapToLong(AnalysisReport.KeyStats::totalBytes).toArray(), "bytes");
        out.append("<h2>Report</h2>\n<pre>").append(markup(TextReport.render(r))).append("</pre>\n</body></html>\n");
        return out.toString();
    }

    /** A horizontal bar chart: one labelled bar per value. */
    private static void chart(StringBuilder out, String id, List<String> labels, long[] values, String unit) {
        long most = 1;
        for (long v : values) {
            most = Math.max(most, v);
        }
        int height = Math.max(1, values.length) * (BAR + 4) + 4;
        out.append(String.format(Locale.ROOT, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" role=\"img\">\n", id, WIDTH, height));
        for (int i = 0; i < values.length; i++) {
            int y = 4 + i * (BAR + 4);
            int length = (int) Math.round((WIDTH - LABEL - 90) * (double) values[i] / most);
            out.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + BAR - 5,
                    escape(shorten(labels.get(i)))));
            out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">"
                    + "<title>%d %s</title></rect>", LABEL, y, length, BAR, values[i], unit));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text>\n", LABEL + length + 4,
                    y + BAR - 5, values[i]));
        }
        out.append("</svg>\n");
    }

    private static String shorten(String label) {
        return label.length() <= 28 ? label : label.substring(0, 27) + "\u2026";
    }

    /**
     * Text as HTML content or attribute value: attribute names are the application's (or an
     * attacker's) text, so markup is escaped, and control, formatting and lone surrogate characters
     * are shown as {@code \\uXXXX} ({@link LogText}).
     */
    static String escape(String text) {
        return markup(LogText.escape(text));
    }

    /** Markup characters escaped; the rest as it is (the text report, escaped already, keeps its line breaks). */
    private static String markup(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
