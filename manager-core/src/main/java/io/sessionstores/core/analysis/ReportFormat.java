package io.sessionstores.core.analysis;

/** How a report is written out: {@code text} (the classic form first), {@code json} or {@code html}. */
public enum ReportFormat {
    /** Plain text: the classic three parts, then the rest. */
    TEXT {
        @Override
        public String render(AnalysisReport report) {
            return TextReport.render(report);
        }
    },
    /** JSON (Jackson), every figure of the report. */
    JSON {
        @Override
        public String render(AnalysisReport report) {
            return JsonReport.render(report);
        }
    },
    /** One self-contained HTML page with an inline SVG histogram and per-attribute bar chart. */
    HTML {
        @Override
        public String render(AnalysisReport report) {
            return HtmlReport.render(report);
        }
    };

    /** {@code report} in this format. */
    public abstract String render(AnalysisReport report);
}
