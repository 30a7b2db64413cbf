package io.sessionstores.core.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;

/**
 * The analysis engine behind the MBean and the command line. It reads the store in batches (its
 * keyset {@link SessionStore#scan scan}, or {@link SessionStore#lookup lookup} of the given ids),
 * measures each live session from its frame's attribute index ({@link SessionSize}), counts expired
 * and unreadable records apart, and pauses between batches as asked. It runs on the caller's
 * thread; {@link AnalysisProgress#cancel()} stops it between two batches.
 *
 * <p>The walk asks the store for the first {@value #HEAD_BYTES} bytes of each frame only (the
 * header and the attribute index are at its start); the few sessions whose index runs past that
 * are read whole afterwards, one {@link SessionStore#lookup lookup} per batch.
 */
public final class SessionAnalyzer {

    /**
     * Bytes of each frame a walk reads: the header (44 bytes), principal and roles, and an index
     * of about 20 attributes with names of 20 characters.
     */
    public static final int HEAD_BYTES = 512;

    private final SessionStore store;
    private final String context;
    private final LongSupplier clock;

    /**
     * @param store   a started store
     * @param context the application's name, for the report
     * @param clock   epoch ms (the report's start time and duration)
     */
    public SessionAnalyzer(SessionStore store, String context, LongSupplier clock) {
        this.store = store;
        this.context = context;
        this.clock = clock;
    }

    /** Runs one analysis to its end (or its cancellation). */
    public AnalysisReport run(AnalysisOptions options, AnalysisProgress progress)
            throws StoreException, InterruptedException {
        long started = clock.getAsLong();
        long total = store.count();
        ReportBuilder report = new ReportBuilder(context, options, total, started);
        progress.expect(options.byIds() ? options.ids().size() : total);
        if (options.byIds()) {
            lookUp(options, report, progress);
        } else {
            walk(options, report, progress);
        }
        return report.build(progress.isCancelled(), clock.getAsLong());
    }

    private void walk(AnalysisOptions options, ReportBuilder report, AnalysisProgress progress)
            throws StoreException, InterruptedException {
        ScanRequest request = new ScanRequest(null, options.batchSize(), options.biggerThan(), HEAD_BYTES);
        while (!progress.isCancelled()) {
            ScanBatch batch = store.scan(request);
            List<String> whole = new ArrayList<>();
            for (ScannedRecord r : batch.records()) {
                if (!measure(r, report)) {
                    whole.add(r.record().id());
                }
            }
            if (!whole.isEmpty()) {
                measureWhole(store.lookup(whole), report);
            }
            progress.advance(batch.examined());
            if (batch.isLast()) {
                return;
            }
            request = request.next(batch);
            pause(options);
        }
    }

    private void lookUp(AnalysisOptions options, ReportBuilder report, AnalysisProgress progress)
            throws StoreException, InterruptedException {
        List<String> ids = options.ids();
        for (int start = 0; start < ids.size() && !progress.isCancelled(); start += options.batchSize()) {
            if (start > 0) {
                pause(options);
            }
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + options.batchSize()));
            Map<String, ScannedRecord> found = new HashMap<>();
            store.lookup(chunk).forEach(r -> found.put(r.record().id(), r));
            for (String id : chunk) {
                ScannedRecord r = found.get(id);
                if (r == null) {
                    report.missing(id);
                } else {
                    measureWhole(List.of(r), report);
                }
            }
            progress.advance(chunk.size());
        }
    }

    /**
     * Adds {@code r} to the report, unless its frame is a head too short for the attribute index:
     * returns {@code false} then, and the caller reads the whole frame.
     */
    private static boolean measure(ScannedRecord r, ReportBuilder report) {
        if (r.expired()) {
            report.expired();
            return true;
        }
        try {
            Optional<SessionSize> size = SessionSize.of(r);
            size.ifPresent(s -> report.add(r.record().id(), s));
            return size.isPresent();
        } catch (CorruptFrameException e) {
            report.unreadable();
            return true;
        }
    }

    /** Adds records read whole (a lookup's); a store that still returned a head makes them unreadable. */
    private static void measureWhole(List<ScannedRecord> records, ReportBuilder report) {
        for (ScannedRecord r : records) {
            if (!measure(r, report)) {
                report.unreadable();
            }
        }
    }

    private static void pause(AnalysisOptions options) throws InterruptedException {
        if (!options.pause().isZero()) {
            Thread.sleep(options.pause().toMillis());
        }
    }
}
