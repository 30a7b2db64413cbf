package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import java.util.Comparator;

import org.redisson.Redisson;
import org.redisson.RedissonKeys;
import org.redisson.ScanResult;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.connection.MasterSlaveEntry;

import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;

/**
 * The walk of {@link RedisSessionStore#scan} and its {@code lookup}, for tools only.
 *
 * <p>Hash mode walks the known bucket names in order, one {@code HSCAN ... COUNT} page per script
 * call ({@code scan-bucket.lua}, which also applies the size filter so small sessions never cross
 * the network; outside Redis Cluster one call pages through 64 buckets), pipelining many buckets
 * per round trip; a bucket too big for one page is
 * continued from its HSCAN cursor. Cursor: {@code h<bucket>:<hscan cursor>}. String mode pages
 * through {@code SCAN MATCH <prefix>* COUNT} on every master (through Redisson's own key scan) and
 * reads the values with pipelined GETs. Cursor:
 * {@code s<master>:<scan cursor>}, the masters taken in address order (on Redis Cluster each is
 * walked in turn). Never {@code KEYS}, never a whole-hash {@code HGETALL}.
 */
final class RedisScan {

    /** Fields asked of one HSCAN/SCAN page (Redis' COUNT hint). */
    static final int PAGE = 512;
    private static final int MIN_PIPELINE = 16;
    private static final int MAX_PIPELINE = 4096;
    /**
     * Records aimed at per pipelined round trip. Redisson decodes a batch's answer again from its
     * start each time more of it arrives (a replaying decoder), so one answer of megabytes costs
     * far more than several of a few hundred kilobytes.
     */
    private static final int ROUND_TRIP_RECORDS = 256;
    /**
     * How many times its share of {@link #ROUND_TRIP_RECORDS} a script call may return before it
     * stops: room for buckets fuller than the estimate, so that a call rarely stops early (the
     * pages after it are then read again), while a wrong estimate still cannot make one answer
     * more than a few round trips' worth.
     */
    private static final int SHARE_MARGIN = 4;
    /** Buckets one script call pages through (outside Redis Cluster). */
    private static final int BUCKETS_PER_CALL = 64;
    /** A batch stops once it has examined this many times its limit (bounded work per call). */
    private static final int EXAMINE_FACTOR = 8;
    private static final String DONE = "0";
    private static final char HASH_KIND = 'h';
    private static final char KEYS_KIND = 's';

    private final KeyLayout layout;
    private final LuaScript bucketScript = LuaScript.named("scan-bucket");
    private volatile boolean loaded;
    /** Records kept per bucket in recent batches: how many buckets the next batch pipelines. */
    private volatile double recordsPerBucket = 1.0;
    /** The most records one pipelined answer held so far (what bounds a call's time; tests watch it). */
    private volatile int largestAnswer;

    RedisScan(KeyLayout layout) {
        this.layout = layout;
    }

    /** One page of one bucket: the HSCAN cursor after it, the fields examined, the records kept. */
    private record Page(String next, long examined, List<ScannedRecord> records) {
    }

    ScanBatch scan(RedissonClient client, ScanRequest request, long now) {
        load(client);
        return layout.mode() == StoreMode.HASH ? scanBuckets(client, request, now) : scanKeys(client, request, now);
    }

    // ---- hash mode --------------------------------------------------------------------------

    private ScanBatch scanBuckets(RedissonClient client, ScanRequest request, long now) {
        Position at = Position.parse(HASH_KIND, request.cursor());
        Collected out = new Collected(request.limit());
        while (at.index() < layout.bucketCount()) {
            if (!DONE.equals(at.page())) {
                Page page = bucketPage(client, at.index(), at.page(), request, now);
                if (!out.fits(page)) {
                    return out.batch(at.text());
                }
                out.add(page);
                at = at.after(page.next());
            } else {
                int first = at.index();
                int n = Math.min(out.pipelineWidth(first), layout.bucketCount() - first);
                List<Page> pages = bucketPages(client, first, n, request, now);
                for (int i = 0; i < pages.size(); i++) {
                    Page page = pages.get(i);
                    if (!out.fits(page)) {
                        out.bucketsDone(first + i);
                        return out.batch(at.at(first + i).text());
                    }
                    out.add(page);
                    if (!page.next().equals(DONE)) {
                        at = at.at(first + i).after(page.next());
                        break;
                    }
                    if (i == pages.size() - 1) {
                        at = at.at(first + pages.size());
                    }
                }
                out.bucketsDone(at.index());
            }
            if (out.isFull() && at.index() < layout.bucketCount()) {
                return out.batch(at.text());
            }
        }
        return out.batch(null);
    }

    private Page bucketPage(RedissonClient client, int bucket, String cursor, ScanRequest request, long now) {
        String key = layout.bucketKey(bucket);
        List<?> answer = bucketScript.run(client, RScript.ReturnType.MULTI, key,
                bucketArgs(cursor, request, ROUND_TRIP_RECORDS));
        return pages(answer, now).get(0);
    }

    /**
     * The first page of buckets from {@code first} on, up to {@code first + n - 1}, in one
     * pipelined round trip: one script call per {@link #BUCKETS_PER_CALL} buckets, or per bucket
     * on Redis Cluster (where one script may touch only keys of one slot). The round trip's
     * {@link #ROUND_TRIP_RECORDS} are shared out between the calls, and a call stops after the
     * bucket that reaches {@link #SHARE_MARGIN} times its share; the pages after such a call's
     * last bucket are dropped (read again by the next round trip), so the answer stays bounded
     * whatever {@code n} is: a run of empty buckets made the width estimate 4,096 buckets, and the
     * full buckets after it came back as one answer of 60,000 records that Redisson took 5-7 s
     * to decode.
     * Returns the pages of the buckets from {@code first} on without a gap: at least one.
     */
    private List<Page> bucketPages(RedissonClient client, int first, int n, ScanRequest request, long now) {
        int perCall = client.getConfig().isClusterConfig() ? 1 : BUCKETS_PER_CALL;
        int calls = (n + perCall - 1) / perCall;
        int share = Math.max(1, SHARE_MARGIN * ROUND_TRIP_RECORDS / calls);
        RBatch batch = client.createBatch();
        List<Integer> sizes = new ArrayList<>(calls);
        for (int from = first; from < first + n; from += perCall) {
            int size = Math.min(perCall, first + n - from);
            List<Object> keys = new ArrayList<>(size);
            for (int b = from; b < from + size; b++) {
                keys.add(layout.bucketKey(b));
            }
            batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync((String) keys.get(0), RScript.Mode.READ_WRITE,
                    bucketScript.sha(), RScript.ReturnType.MULTI, keys, (Object[]) bucketArgs(DONE, request, share));
            sizes.add(size);
        }
        BatchResult<?> result = batch.execute();
        List<Page> pages = new ArrayList<>(n);
        int records = 0;
        boolean gap = false;
        for (int call = 0; call < sizes.size(); call++) {
            List<Page> paged = pages((List<?>) result.getResponses().get(call), now);
            for (Page page : paged) {
                records += page.records().size();
            }
            if (!gap) {
                pages.addAll(paged);
                gap = paged.size() < sizes.get(call);
            }
        }
        largestAnswer = Math.max(largestAnswer, records);
        return pages;
    }

    private static byte[][] bucketArgs(String cursor, ScanRequest request, int records) {
        return new byte[][] {{'h'}, new byte[0], ascii(cursor), LuaScript.arg(PAGE), LuaScript.arg(request.biggerThan()),
                LuaScript.arg(request.headBytes()), LuaScript.arg(records)};
    }

    /**
     * The pages of the buckets one script answer covers (see scan-bucket.lua). A value that is
     * not a stored frame (a record version below 1) is skipped, as lookups and string mode do.
     */
    private static List<Page> pages(List<?> answer, long now) {
        List<Page> pages = new ArrayList<>();
        int at = 0;
        while (at < answer.size()) {
            String next = text(answer.get(at));
            long examined = ((Number) answer.get(at + 1)).longValue();
            int kept = ((Number) answer.get(at + 2)).intValue();
            at += 3;
            List<ScannedRecord> records = new ArrayList<>(kept);
            for (int i = 0; i < kept; i++, at += 3) {
                String id = SessionIdBytes.idOfField((byte[]) answer.get(at));
                byte[] value = (byte[]) answer.get(at + 1);
                if (id != null && StoredValues.isSessionValue(value)) {
                    int frameLength = ((Number) answer.get(at + 2)).intValue();
                    records.add(ScannedRecord.at(StoredValues.decode(id, value), now, frameLength));
                }
            }
            pages.add(new Page(next, examined, records));
        }
        return pages;
    }

    /**
     * Position of a walk: which bucket (hash mode, kind {@code h}) or master (string mode, kind
     * {@code s}), and the HSCAN/SCAN cursor inside it ('0': its start).
     */
    private record Position(char kind, int index, String page) {
        static Position parse(char kind, String cursor) {
            if (cursor == null) {
                return new Position(kind, 0, DONE);
            }
            int colon = cursor.indexOf(':');
            if (cursor.isEmpty() || cursor.charAt(0) != kind || colon < 0) {
                throw new IllegalArgumentException("not a scan cursor of this store's mode");
            }
            return new Position(kind, Integer.parseInt(cursor, 1, colon, 10), cursor.substring(colon + 1));
        }

        /** The start of the next bucket or master when {@code next} is '0', else further in this one. */
        Position after(String next) {
            return DONE.equals(next) ? new Position(kind, index + 1, DONE) : new Position(kind, index, next);
        }

        Position at(int newIndex) {
            return new Position(kind, newIndex, DONE);
        }

        String text() {
            return kind + Integer.toString(index) + ":" + page;
        }
    }

    /** The records of one batch so far, and how many buckets to pipeline next. */
    private final class Collected {
        private final int limit;
        private final List<ScannedRecord> records = new ArrayList<>();
        private long examined;
        private int startBucket = -1;
        private int bucketsWalked;

        Collected(int limit) {
            this.limit = limit;
        }

        /** Whether {@code page} may join: always into an empty batch, else within the limit. */
        boolean fits(Page page) {
            return records.isEmpty() || records.size() + page.records().size() <= limit;
        }

        void add(Page page) {
            records.addAll(page.records());
            examined += page.examined();
        }

        boolean isFull() {
            return records.size() >= limit || examined >= (long) limit * EXAMINE_FACTOR;
        }

        void bucketsDone(int nextBucket) {
            bucketsWalked = nextBucket - startBucket;
        }

        /**
         * Enough buckets to fill the rest of the batch at the rate seen so far (in earlier batches
         * too), or {@link #ROUND_TRIP_RECORDS} of it.
         */
        int pipelineWidth(int bucket) {
            if (startBucket < 0) {
                startBucket = bucket;
            }
            double perBucket = bucketsWalked == 0 ? recordsPerBucket
                    : Math.max(records.size(), 1) / (double) bucketsWalked;
            double wanted = Math.min(limit - records.size(), ROUND_TRIP_RECORDS) / perBucket;
            return (int) Math.max(MIN_PIPELINE, Math.min(MAX_PIPELINE, Math.ceil(wanted)));
        }

        ScanBatch batch(String next) {
            if (bucketsWalked > 0) {
                recordsPerBucket = Math.max(records.size(), 1) / (double) bucketsWalked;
            }
            return new ScanBatch(records, examined, next);
        }
    }

    /** The most records one pipelined round trip of this scanner returned. */
    int largestAnswer() {
        return largestAnswer;
    }

    // ---- string mode ------------------------------------------------------------------------

    private ScanBatch scanKeys(RedissonClient client, ScanRequest request, long now) {
        List<MasterSlaveEntry> masters = masters(client);
        Position at = Position.parse(KEYS_KIND, request.cursor());
        List<ScannedRecord> records = new ArrayList<>();
        long examined = 0;
        while (at.index() < masters.size() && records.size() < request.limit()
                && examined < (long) request.limit() * EXAMINE_FACTOR) {
            MasterSlaveEntry master = masters.get(at.index());
            ScanResult<Object> page = ((RedissonKeys) client.getKeys()).scanIteratorAsync(master.getClient(), master,
                    at.page(), layout.stringKeyPattern(), Math.min(PAGE, request.limit()), RType.OBJECT)
                    .toCompletableFuture().join();
            List<String> keys = page.getValues().stream().map(String::valueOf).toList();
            examined += keys.size();
            records.addAll(values(client, keys, request, now));
            at = at.after(page.getPos());
        }
        return new ScanBatch(records, examined, at.index() < masters.size() ? at.text() : null);
    }

    /** Every master, in a stable order (by address), so a cursor names the same one again. */
    private static List<MasterSlaveEntry> masters(RedissonClient client) {
        List<MasterSlaveEntry> masters = new ArrayList<>(((Redisson) client).getCommandExecutor().getConnectionManager()
                .getEntrySet());
        masters.sort(Comparator.comparing(e -> String.valueOf(e.getClient().getAddr())));
        return masters;
    }

    private List<ScannedRecord> values(RedissonClient client, List<String> all, ScanRequest request, long now) {
        int prefix = layout.prefix().length();
        // the store's own keys (lease, layout, user indexes) share the prefix: not read
        List<String> keys = all.stream().filter(key -> SessionIdBytes.idOfKeyPart(key.substring(prefix)) != null)
                .toList();
        RBatch batch = client.createBatch();
        for (String key : keys) {
            batch.getBucket(key, ByteArrayCodec.INSTANCE).getAsync();
        }
        List<?> values = keys.isEmpty() ? List.of() : batch.execute().getResponses();
        List<ScannedRecord> records = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            byte[] value = values.get(i) instanceof byte[] bytes ? bytes : null;
            String id = SessionIdBytes.idOfKeyPart(keys.get(i).substring(prefix));
            if (id != null && StoredValues.isSessionValue(value)
                    && request.accepts(StoredValues.rawBytes(value))) {
                records.add(ScannedRecord.at(StoredValues.decode(id, value), now));
            }
        }
        return records;
    }

    // ---- lookup -----------------------------------------------------------------------------

    /** Pipelined HGET/GET of every id, 1,000 per round trip. */
    List<ScannedRecord> lookup(RedissonClient client, Collection<String> ids, long now) {
        List<ScannedRecord> found = new ArrayList<>();
        List<String> all = List.copyOf(ids);
        for (int start = 0; start < all.size(); start += LOOKUP_PIPELINE) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + LOOKUP_PIPELINE));
            RBatch batch = client.createBatch();
            for (String id : chunk) {
                SessionLocation at = layout.locate(id);
                if (layout.mode() == StoreMode.HASH) {
                    batch.<byte[], byte[]>getMap(at.key(), ByteArrayCodec.INSTANCE).getAsync(at.field());
                } else {
                    batch.getBucket(at.key(), ByteArrayCodec.INSTANCE).getAsync();
                }
            }
            List<?> values = batch.execute().getResponses();
            for (int i = 0; i < chunk.size(); i++) {
                if (values.get(i) instanceof byte[] value && StoredValues.isSessionValue(value)) {
                    found.add(ScannedRecord.at(StoredValues.decode(chunk.get(i), value), now));
                }
            }
        }
        return found;
    }

    private static final int LOOKUP_PIPELINE = 1000;

    // ---- plumbing ---------------------------------------------------------------------------

    /** Loads the scan scripts on every master once, so the pipelined calls can be EVALSHA. */
    private void load(RedissonClient client) {
        if (!loaded) {
            bucketScript.loadEverywhere(client);
            loaded = true;
        }
    }

    /** Forgets that the scripts were loaded (after a NOSCRIPT: the server restarted). */
    void reload() {
        loaded = false;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Object bulk) {
        return bulk instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(bulk);
    }
}
