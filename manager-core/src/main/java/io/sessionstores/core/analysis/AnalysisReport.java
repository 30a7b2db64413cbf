package io.sessionstores.core.analysis;

import java.util.List;

/**
 * The result of one analysis. Sizes are raw sizes (see the package documentation): for the
 * analysed sessions {@code totalRawBytes == overheadBytes + sum of keys' totalBytes}.
 *
 * @param context         the application analysed (store's application name)
 * @param biggerThan      the size filter of a walk ({@code -1} when ids were given)
 * @param idsRequested    how many distinct ids were given ({@code 0} for a walk)
 * @param totalSessions   records of the application in the store when the analysis started
 * @param processed       sessions analysed (live, matching, readable)
 * @param expired         matching records found expired (not yet removed): counted, not analysed
 * @param unreadable      matching records whose frame could not be read (corrupt): counted apart
 * @param missingIds      hashes ({@link io.sessionstores.core.store.SessionIds#hash}) of given ids
 *                        with nothing stored
 * @param totalRawBytes   sum of the analysed sessions' raw sizes
 * @param totalStoredBytes sum of their stored (compressed) sizes
 * @param overheadBytes   the part of {@code totalRawBytes} that is the sessions' own fields
 * @param maxRawBytes     the largest analysed session's raw size
 * @param keys            per attribute name, largest total first
 * @param largest         the largest sessions, largest first (at most {@value ReportBuilder#TOP})
 * @param histogram       sessions per raw size range, smallest range first
 * @param cancelled       whether the analysis was cancelled before the end (the figures cover
 *                        what was seen)
 * @param startedAt       epoch ms the analysis started
 * @param durationMillis  how long it ran
 */
public record AnalysisReport(String context, long biggerThan, int idsRequested, long totalSessions, long processed,
                             long expired, long unreadable, List<String> missingIds, long totalRawBytes,
                             long totalStoredBytes, long overheadBytes, long maxRawBytes, List<KeyStats> keys,
                             List<LargeSession> largest, List<SizeBin> histogram, boolean cancelled,
                             long startedAt, long durationMillis) {

    /** Figures of one attribute name over the analysed sessions. */
    public record KeyStats(String name, long count, long totalBytes, long maxBytes) {
        /** Average size per session holding it. */
        public double averageBytes() {
            return count == 0 ? 0 : (double) totalBytes / count;
        }
    }

    /** One of the largest sessions, named by the hash of its id. */
    public record LargeSession(String idHash, long rawBytes, long storedBytes, int attributes) {
    }

    /** Sessions whose raw size lies in {@code [fromBytes, toBytes)} ({@code toBytes -1}: no bound). */
    public record SizeBin(long fromBytes, long toBytes, long count) {
    }

    /** Average raw size of the analysed sessions. */
    public double averageBytes() {
        return processed == 0 ? 0 : (double) totalRawBytes / processed;
    }

    /** Raw over stored size: how much LZ4 saved ({@code 1} when nothing was compressed). */
    public double compressionRatio() {
        return totalStoredBytes == 0 ? 1 : (double) totalRawBytes / totalStoredBytes;
    }
}
