package io.sessionstores.core.analysis;

import java.util.Locale;

import io.sessionstores.core.support.LogText;

/**
 * The text form: the classic three parts exactly, then what the classic form lacks. Attribute
 * names come from the store: they are escaped ({@link LogText}), so a name cannot write control
 * sequences or forged lines to the operator's terminal.
 */
final class TextReport {

    private TextReport() {
    }

    static String render(AnalysisReport r) {
        StringBuilder out = new StringBuilder();
        classic(r, out);
        line(out, "");
        line(out, "Selection: " + selection(r));
        line(out, "Session overhead (header, principal, counts, check): " + r.overheadBytes() + " bytes in all, avg. "
                + decimal(r.processed() == 0 ? 0 : (double) r.overheadBytes() / r.processed()) + " bytes");
        line(out, "Raw size " + r.totalRawBytes() + " bytes, stored " + r.totalStoredBytes()
                + " bytes: compression ratio " + decimal(r.compressionRatio()));
        line(out, "Expired sessions (counted, not analysed): " + r.expired());
        line(out, "Unreadable sessions (corrupt frames): " + r.unreadable());
        attributes(r, out);
        largest(r, out);
        histogram(r, out);
        missing(r, out);
        if (r.cancelled()) {
            line(out, "Cancelled before the end: the figures cover the sessions seen until then.");
        }
        line(out, "Took " + r.durationMillis() + " ms.");
        return out.toString();
    }

    /** The three lines operators know, byte for byte. */
    static void classic(AnalysisReport r, StringBuilder out) {
        line(out, "Processed " + r.processed() + " sessions out of " + r.totalSessions() + " total sessions");
        line(out, "Average size was " + decimal(r.averageBytes()) + " bytes");
        line(out, "Saw the following keys:");
        for (AnalysisReport.KeyStats k : r.keys()) {
            line(out, "    " + LogText.escape(k.name()) + " (" + k.count() + " times, avg. size " + decimal(k.averageBytes()) + " bytes)");
        }
    }

    private static void attributes(AnalysisReport r, StringBuilder out) {
        line(out, "Per attribute (bytes): total, max, sessions");
        for (AnalysisReport.KeyStats k : r.keys()) {
            line(out, String.format(Locale.ROOT, "    %-32s %12d %10d %8d", LogText.escape(k.name()), k.totalBytes(), k.maxBytes(),
                    k.count()));
        }
    }

    private static void largest(AnalysisReport r, StringBuilder out) {
        line(out, "Largest sessions (id hash: raw bytes, stored bytes, attributes)");
        for (AnalysisReport.LargeSession s : r.largest()) {
            line(out, "    " + s.idHash() + ": " + s.rawBytes() + ", " + s.storedBytes() + ", " + s.attributes());
        }
    }

    private static void histogram(AnalysisReport r, StringBuilder out) {
        line(out, "Size histogram (raw bytes)");
        long most = r.histogram().stream().mapToLong(AnalysisReport.SizeBin::count).max().orElse(0);
        for (AnalysisReport.SizeBin bin : r.histogram()) {
            int bar = most == 0 ? 0 : (int) Math.ceil(40.0 * bin.count() / most);
            line(out, String.format(Locale.ROOT, "    %-18s %10d %s", range(bin), bin.count(), "#".repeat(bar))
                    .stripTrailing());
        }
    }

    private static void missing(AnalysisReport r, StringBuilder out) {
        if (r.idsRequested() == 0) {
            return;
        }
        line(out, "Ids that no longer exist: " + r.missingIds().size() + " of " + r.idsRequested() + " (id hashes)");
        r.missingIds().forEach(hash -> line(out, "    " + hash));
    }

    static String selection(AnalysisReport r) {
        return r.idsRequested() > 0 ? r.idsRequested() + " ids given" : "sessions bigger than " + r.biggerThan()
                + " bytes";
    }

    /** A bin as text: {@code 1 KiB - 2 KiB}, {@code >= 1 MiB}. */
    static String range(AnalysisReport.SizeBin bin) {
        return bin.toBytes() < 0 ? ">= " + binary(bin.fromBytes()) : binary(bin.fromBytes()) + " - " + binary(bin.toBytes());
    }

    private static String binary(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
