package io.sessionstores.benchmarks;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.redisson.Redisson;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

import io.sessionstores.core.analysis.AnalysisOptions;
import io.sessionstores.core.analysis.AnalysisProgress;
import io.sessionstores.core.analysis.AnalysisReport;
import io.sessionstores.core.analysis.SessionAnalyzer;
import io.sessionstores.core.frame.EncodedAttribute;
import io.sessionstores.core.frame.FrameBinding;
import io.sessionstores.core.frame.EncodedFrame;
import io.sessionstores.core.frame.FrameHeader;
import io.sessionstores.core.frame.FrameOptions;
import io.sessionstores.core.frame.FrameWriter;
import io.sessionstores.core.frame.SessionFrame;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.redis.RedisSessionStore;

/**
 * Size analysis throughput (sessions analysed per second) and its longest store call, on
 * PostgreSQL and on Redis hash mode, with N sessions seeded server-side (default 1,000,000;
 * 1 in 1,000 over 10 KiB, the rest 200 B to 2 KiB, some compressed). A plain main, not JMH: one
 * analysis is seconds long and its figures are the point.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.sessionstores.benchmarks.AnalysisBenchmark [sessions] [postgres|redis|both]
 * </pre>
 *
 * Environment: {@code SESSIONSTORES_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}),
 * {@code SESSIONSTORES_REDIS_ADDRESS} (default {@code redis://127.0.0.1:6379}). Seeds and then drops table
 * {@code bench_analysis} and the keys under {@code bench-analysis:}.
 */
public final class AnalysisBenchmark {

    private static final String APP = "/Catalina/localhost/bench-analysis";
    private static final String TABLE = "bench_analysis";
    private static final String PREFIX = "bench-analysis:";
    private static final int VARIANTS = 8;
    private static final long FAR = 4_000_000_000_000L;

    private AnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String which = args.length > 1 ? args[1] : "both";
        List<EncodedFrame> frames = frames();
        if (!which.equals("redis")) {
            postgres(sessions, frames);
        }
        if (!which.equals("postgres")) {
            redis(sessions, frames);
        }
    }

    /** Variants 0..6 from 200 B to 2 KiB (some compressible), variant 7 a 20 KiB session. */
    private static List<EncodedFrame> frames() {
        FrameWriter writer = new FrameWriter(FrameOptions.defaults());
        Random random = new Random(7);
        List<EncodedFrame> frames = new ArrayList<>();
        for (int v = 0; v < VARIANTS; v++) {
            int size = v == VARIANTS - 1 ? 20_000 : 150 + v * 300;
            byte[] cart = new byte[size];
            if (v % 2 == 0) {
                random.nextBytes(cart);
            }
            List<EncodedAttribute> attributes = List.of(new EncodedAttribute("user", new byte[40]),
                    new EncodedAttribute("cart", cart), new EncodedAttribute("locale", new byte[12]));
            frames.add(writer.write(new SessionFrame(new FrameHeader(1, FAR, FAR - 1_800_000, 1, FAR - 1_900_000, 1800),
                    false, null, null, attributes), new FrameBinding("/bench/analysis", "variant-" + v, 1)));
        }
        return frames;
    }

    private static int variant(long i) {
        return i % 1000 == 0 ? VARIANTS - 1 : (int) (i % (VARIANTS - 1));
    }

    /** A Tomcat-shaped id whose first four hex digits (the bucket) spread evenly; first byte never zero. */
    private static String id(long i) {
        int spread = (int) (i * 0x9E3779B1L) | 0x0100_0000;
        return String.format(Locale.ROOT, "%08X%024X", spread, i);
    }

    // ---- PostgreSQL -----------------------------------------------------------------------------

    private static void postgres(int sessions, List<EncodedFrame> frames) throws Exception {
        String url = env("SESSIONSTORES_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(url);
        store.setTableName(TABLE);
        store.setCreateSchema(true);
        store.setQueryTimeout(60);
        store.setExpiredBatchSize(0);
        dropTable(url);
        store.start(context());
        try {
            store.count();
            long seeding = System.nanoTime();
            seedPostgres(url, sessions, frames);
            System.out.printf(Locale.ROOT, "postgresql: seeded %,d rows in %.1f s%n", sessions, seconds(seeding));
            measure("postgresql", store);
        } finally {
            store.stop();
            dropTable(url);
        }
    }

    private static void dropTable(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    /** One INSERT ... SELECT from generate_series, the frames joined in from a VALUES list. */
    private static void seedPostgres(String url, int sessions, List<EncodedFrame> frames) throws Exception {
        StringBuilder values = new StringBuilder();
        for (int v = 0; v < VARIANTS; v++) {
            values.append(v == 0 ? "" : ", ").append("(").append(v).append(", ?::bytea, ").append(frames.get(v).rawBytes())
                    .append(", ").append(frames.get(v).bytes().length).append(")");
        }
        String sql = "INSERT INTO " + TABLE + " (app, id, expires_at, last_access, max_inactive, version, stored_bytes,"
                + " raw_bytes, data) SELECT '" + APP + "', lpad(upper(to_hex(i * 2654435761 % 4294967296)), 8, '0')"
                + " || lpad(upper(to_hex(i)), 24, '0'), " + FAR + ", " + (FAR - 1_800_000) + ", 1800, 1, f.stored, f.raw,"
                + " f.data FROM generate_series(1, " + sessions + ") i JOIN (VALUES " + values + ") f(v, data, raw, stored)"
                + " ON f.v = CASE WHEN i % 1000 = 0 THEN " + (VARIANTS - 1) + " ELSE i % " + (VARIANTS - 1) + " END";
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int v = 0; v < VARIANTS; v++) {
                ps.setBytes(v + 1, frames.get(v).bytes());
            }
            ps.executeUpdate();
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE " + TABLE);
            }
        }
    }

    // ---- Redis hash mode ------------------------------------------------------------------------

    private static void redis(int sessions, List<EncodedFrame> frames) throws Exception {
        String address = env("SESSIONSTORES_REDIS_ADDRESS", "redis://127.0.0.1:6379");
        Config config = new Config();
        config.useSingleServer().setAddress(address).setTimeout(30_000);
        config.setCodec(ByteArrayCodec.INSTANCE);
        RedissonClient client = Redisson.create(config);
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress(address);
        store.setKeyPrefix(PREFIX);
        store.setBucketCount(65536); // the layout seedRedis writes
        store.setTimeout(30_000);
        store.start(context());
        try {
            client.getKeys().deleteByPattern(PREFIX + "*");
            long seeding = System.nanoTime();
            seedRedis(client, sessions, frames);
            System.out.printf(Locale.ROOT, "redis hash mode: seeded %,d fields in %.1f s%n", sessions, seconds(seeding));
            measure("redis hash mode", store);
        } finally {
            store.stop();
            client.getKeys().deleteByPattern(PREFIX + "*");
            client.shutdown();
        }
    }

    /**
     * Pipelined HSETs in the store's hash layout (default bucket generator, 65,536 buckets): bucket
     * key = prefix + the id's first four hex digits in lower case, field = the hex id as bytes,
     * value = frame + rawBytes (int32).
     */
    private static void seedRedis(RedissonClient client, int sessions, List<EncodedFrame> frames) {
        byte[][] values = new byte[VARIANTS][];
        for (int v = 0; v < VARIANTS; v++) {
            byte[] frame = frames.get(v).bytes();
            values[v] = ByteBuffer.allocate(frame.length + 4).put(frame).putInt(frames.get(v).rawBytes()).array();
        }
        int chunk = 20_000;
        for (int start = 1; start <= sessions; start += chunk) {
            RBatch batch = client.createBatch();
            for (int i = start; i < Math.min(sessions + 1, start + chunk); i++) {
                String id = id(i);
                batch.<byte[], byte[]>getMap(PREFIX + id.substring(0, 4).toLowerCase(Locale.ROOT), ByteArrayCodec.INSTANCE)
                        .fastPutAsync(HexFormat.of().parseHex(id), values[variant(i)]);
            }
            batch.execute();
        }
    }

    // ---- measuring ------------------------------------------------------------------------------

    private static void measure(String name, SessionStore store) throws Exception {
        for (long biggerThan : new long[] {0, AnalysisOptions.DEFAULT_BIGGER_THAN}) {
            long started = System.nanoTime();
            AnalysisReport report = new SessionAnalyzer(store, APP, System::currentTimeMillis)
                    .run(AnalysisOptions.biggerThan(biggerThan), new AnalysisProgress());
            double seconds = seconds(started);
            System.out.printf(Locale.ROOT, "%s: biggerThan %d: %,d sessions analysed of %,d in %.2f s = %,.0f sessions/s"
                    + " (records examined per second %,.0f)%n", name, biggerThan, report.processed(),
                    report.totalSessions(), seconds, report.processed() / seconds, report.totalSessions() / seconds);
            System.out.printf(Locale.ROOT, "%s: biggerThan %d: longest store call %.1f ms%n", name, biggerThan,
                    longestCall(store, biggerThan));
        }
        long count = System.nanoTime();
        store.count();
        System.out.printf(Locale.ROOT, "%s: count() %.1f ms%n", name, (System.nanoTime() - count) / 1e6);
    }

    /**
     * The slowest single scan call of a whole walk as the analysis makes it (default batch size,
     * frame heads); calls over 500 ms are printed.
     */
    private static double longestCall(SessionStore store, long biggerThan) throws Exception {
        ScanRequest request = new ScanRequest(null, AnalysisOptions.DEFAULT_BATCH_SIZE, biggerThan,
                SessionAnalyzer.HEAD_BYTES);
        long longest = 0;
        while (true) {
            long started = System.nanoTime();
            ScanBatch batch = store.scan(request);
            long took = System.nanoTime() - started;
            if (took > 500_000_000L) {
                System.out.printf(Locale.ROOT, "  slow scan call %.1f ms from cursor %s: %d records, %d examined%n",
                        took / 1e6, request.cursor(), batch.records().size(), batch.examined());
            }
            longest = Math.max(longest, took);
            if (batch.isLast()) {
                return longest / 1e6;
            }
            request = request.next(batch);
        }
    }

    private static StoreContext context() {
        return new StoreContext(APP, "bench-analysis", AnalysisBenchmark.class.getClassLoader(), System::currentTimeMillis);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
