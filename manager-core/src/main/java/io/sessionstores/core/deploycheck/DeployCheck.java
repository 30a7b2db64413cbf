package io.sessionstores.core.deploycheck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import io.sessionstores.core.codec.AttributeCodec;
import io.sessionstores.core.frame.CorruptFrameException;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.FrameReader;
import io.sessionstores.core.frame.SessionFrame;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.support.LogText;

/**
 * Reads stored sessions as a new version of the application would: each live record of a
 * {@link SessionStore#scan walk} (whole frames, keyset order, the first {@code sampleLimit} live
 * ones) goes through the frame reader the Manager uses (size limit, CRC or HMAC) and each of its
 * attributes through the codec its frame names, with the new version's classes bound as the
 * thread's context class loader, as Tomcat binds the webapp loader. Read-only: it calls
 * {@link SessionStore#count} and {@link SessionStore#scan}, nothing that writes, touches or deletes.
 *
 * <p>Decoding runs the new version's code ({@code readObject}, {@code readResolve}) for the
 * classes the allowlist admits, exactly as the Manager would on the first request.
 */
final class DeployCheck {

    /** Most report rows kept: attribute names come from the store, and hostile data may hold many. */
    static final int MAX_ROWS = 500;

    private final SessionStore store;
    private final String app;
    private final FrameReader frames;
    private final IntFunction<AttributeCodec> codecs;
    private final ClassLoader loader;
    private final LongSupplier clock;

    /**
     * @param codecs the codec for a frame's codec id ({@code null}: unknown id), configured as the
     *               Manager would configure it (allowlist, depth)
     * @param loader the new version's classes
     */
    DeployCheck(SessionStore store, String app, FrameReader frames, IntFunction<AttributeCodec> codecs,
                ClassLoader loader, LongSupplier clock) {
        this.store = store;
        this.app = app;
        this.frames = frames;
        this.codecs = codecs;
        this.loader = loader;
        this.clock = clock;
    }

    /** Checks up to {@code sampleLimit} live sessions, reading {@code batchSize} records per store call. */
    DeployCheckReport run(String war, long sampleLimit, int batchSize) throws StoreException {
        long started = clock.getAsLong();
        Tally tally = new Tally(store.count());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            ScanRequest request = ScanRequest.all(batchSize);
            while (tally.checked < sampleLimit) {
                ScanBatch batch = store.scan(request);
                for (ScannedRecord scanned : batch.records()) {
                    if (tally.checked >= sampleLimit) {
                        break;
                    }
                    if (scanned.expired()) {
                        tally.expired++;
                    } else {
                        check(scanned, tally);
                    }
                }
                if (batch.isLast()) {
                    break;
                }
                request = request.next(batch);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        return tally.report(app, war, sampleLimit, clock.getAsLong() - started);
    }

    private void check(ScannedRecord scanned, Tally tally) {
        tally.checked++;
        SessionFrame frame;
        try {
            frame = frames.read(scanned.record().frame(),
                    new FrameBinding(app, scanned.record().id(), scanned.record().version()));
        } catch (CorruptFrameException e) {
            tally.unreadable(e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            return;
        } catch (RuntimeException e) {
            tally.unreadable("malformed");
            return;
        }
        AttributeCodec codec = codecs.apply(frame.header().codecId());
        if (codec == null) {
            tally.unreadable("unknown codec id " + frame.header().codecId());
            return;
        }
        boolean lost = false;
        for (EncodedAttribute attribute : frame.attributes()) {
            tally.attributes++;
            Throwable failure = decode(codec, attribute.value());
            if (failure != null) {
                lost = true;
                tally.drop(attribute.name(), DropReason.of(failure), failure);
            }
        }
        if (lost) {
            tally.losing++;
        }
    }

    /** {@code null} when the value decodes, else why not. */
    private Throwable decode(AttributeCodec codec, byte[] value) {
        try {
            codec.decode(value, loader);
            return null;
        } catch (IOException | RuntimeException | LinkageError e) {
            return e;
        }
    }

    /** The counts of one run. */
    private static final class Tally {
        private final long stored;
        private long checked;
        private long expired;
        private long losing;
        private long attributes;
        private long omittedDrops;
        private final Map<String, Long> unreadable = new HashMap<>();
        private final Map<Row, long[]> drops = new HashMap<>();
        private final Map<Row, String> examples = new HashMap<>();

        Tally(long stored) {
            this.stored = stored;
        }

        void unreadable(String why) {
            unreadable.merge(why, 1L, Long::sum);
        }

        void drop(String attribute, DropReason.Cause cause, Throwable failure) {
            Row row = new Row(attribute, cause.className(), cause.reason());
            long[] count = drops.get(row);
            if (count == null) {
                if (drops.size() >= MAX_ROWS) {
                    omittedDrops++;
                    return;
                }
                count = new long[1];
                drops.put(row, count);
                examples.put(row, cut(String.valueOf(failure)));
            }
            count[0]++;
        }

        DeployCheckReport report(String app, String war, long sampleLimit, long millis) {
            List<DeployCheckReport.Drop> rows = new ArrayList<>();
            drops.forEach((row, count) -> rows.add(new DeployCheckReport.Drop(row.attribute(), row.className(),
                    row.reason(), count[0], examples.get(row))));
            rows.sort(Comparator.comparingLong(DeployCheckReport.Drop::sessions).reversed()
                    .thenComparing(DeployCheckReport.Drop::attribute).thenComparing(DeployCheckReport.Drop::className)
                    .thenComparing(DeployCheckReport.Drop::reason));
            long unreadableSessions = unreadable.values().stream().mapToLong(Long::longValue).sum();
            return new DeployCheckReport(app, war, stored, sampleLimit, checked, expired, losing, unreadableSessions,
                    attributes, rows, omittedDrops, unreadable, millis);
        }
    }

    /** At most {@value LogText#MAX_LENGTH} characters of a codec's message, unescaped (the report escapes). */
    private static String cut(String text) {
        return text.length() <= LogText.MAX_LENGTH ? text : text.substring(0, LogText.MAX_LENGTH) + "...";
    }

    private record Row(String attribute, String className, DropReason reason) {
    }
}
