package io.sessionstores.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.sessionstores.core.frame.AttributeSize;
import io.sessionstores.core.store.SessionIds;

/** Accumulates what an analysis sees into an {@link AnalysisReport}. Not thread-safe. */
final class ReportBuilder {

    /** How many of the largest sessions a report names. */
    static final int TOP = 10;
    /** Upper bounds of the histogram bins: 1 KiB, 2 KiB, ... 1 MiB; then one open bin. */
    static final long[] BIN_BOUNDS = binBounds();

    private final String context;
    private final long biggerThan;
    private final int idsRequested;
    private final long totalSessions;
    private final long startedAt;
    private final Map<String, long[]> keys = new HashMap<>();
    private final PriorityQueue<AnalysisReport.LargeSession> largest =
            new PriorityQueue<>(Comparator.comparingLong(AnalysisReport.LargeSession::rawBytes));
    private final long[] bins = new long[BIN_BOUNDS.length + 1];
    private final List<String> missing = new ArrayList<>();
    private long processed;
    private long expired;
    private long unreadable;
    private long raw;
    private long stored;
    private long overhead;
    private long max;

    ReportBuilder(String context, AnalysisOptions options, long totalSessions, long startedAt) {
        this.context = context;
        this.biggerThan = options.byIds() ? -1 : options.biggerThan();
        this.idsRequested = options.byIds() ? options.ids().size() : 0;
        this.totalSessions = totalSessions;
        this.startedAt = startedAt;
    }

    void add(String id, SessionSize size) {
        processed++;
        raw += size.rawBytes();
        stored += size.storedBytes();
        overhead += size.overhead();
        max = Math.max(max, size.rawBytes());
        for (AttributeSize attribute : size.attributes()) {
            long[] figures = keys.computeIfAbsent(attribute.name(), n -> new long[3]);
            figures[0]++;
            figures[1] += attribute.frameBytes();
            figures[2] = Math.max(figures[2], attribute.frameBytes());
        }
        bins[bin(size.rawBytes())]++;
        if (largest.size() < TOP || size.rawBytes() > largest.peek().rawBytes()) {
            largest.add(new AnalysisReport.LargeSession(SessionIds.hash(id), size.rawBytes(), size.storedBytes(),
                    size.attributes().size()));
            if (largest.size() > TOP) {
                largest.poll();
            }
        }
    }

    void expired() {
        expired++;
    }

    void unreadable() {
        unreadable++;
    }

    void missing(String id) {
        missing.add(SessionIds.hash(id));
    }

    AnalysisReport build(boolean cancelled, long finishedAt) {
        List<AnalysisReport.KeyStats> keyStats = new ArrayList<>();
        keys.forEach((name, f) -> keyStats.add(new AnalysisReport.KeyStats(name, f[0], f[1], f[2])));
        keyStats.sort(Comparator.comparingLong(AnalysisReport.KeyStats::totalBytes).reversed()
                .thenComparing(AnalysisReport.KeyStats::name));
        List<AnalysisReport.LargeSession> top = new ArrayList<>(largest);
        top.sort(Comparator.comparingLong(AnalysisReport.LargeSession::rawBytes).reversed()
                .thenComparing(AnalysisReport.LargeSession::idHash));
        List<AnalysisReport.SizeBin> histogram = new ArrayList<>();
        for (int i = 0; i < bins.length; i++) {
            histogram.add(new AnalysisReport.SizeBin(i == 0 ? 0 : BIN_BOUNDS[i - 1],
                    i < BIN_BOUNDS.length ? BIN_BOUNDS[i] : -1, bins[i]));
        }
        return new AnalysisReport(context, biggerThan, idsRequested, totalSessions, processed, expired, unreadable,
                List.copyOf(missing), raw, stored, overhead, max, List.copyOf(keyStats), List.copyOf(top),
                List.copyOf(histogram), cancelled, startedAt, Math.max(0, finishedAt - startedAt));
    }

    private static int bin(long rawBytes) {
        int i = 0;
        while (i < BIN_BOUNDS.length && rawBytes >= BIN_BOUNDS[i]) {
            i++;
        }
        return i;
    }

    private static long[] binBounds() {
        long[] bounds = new long[11];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = 1024L << i;
        }
        return bounds;
    }
}
