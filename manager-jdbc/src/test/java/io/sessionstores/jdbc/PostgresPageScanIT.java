package io.sessionstores.jdbc;

import io.sessionstores.core.contract.SessionStoreContract;

import static io.sessionstores.core.contract.SessionStoreContract.T0;
import static io.sessionstores.core.frame.Frames.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.sessionstores.core.analysis.AnalysisOptions;
import io.sessionstores.core.store.ScanBatch;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sessionstores.testsupport.TestServices;

/**
 * The physical-order walk of a PostgreSQL scan ({@link JdbcPageScan}): every row of the
 * application exactly once whatever the batch size, rows appended on new pages during the walk,
 * a relation that grew after the last ANALYZE, expired rows flagged, frame heads, and which walk
 * a request gets. A table of its own, dropped before and after each test.
 */
class PostgresPageScanIT {

    private static final String TABLE = "ssit_page_scan";
    private static final String APP = "/Catalina/localhost/page-scan";
    private static final long MINUTE = 60_000L;
    private static final byte[] BODY = new byte[300];

    static {
        new Random(3).nextBytes(BODY);
    }

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<JdbcSessionStore> stores = new ArrayList<>();
    private JdbcSessionStore store;

    @BeforeEach
    void createTable() throws Exception {
        execute("DROP TABLE IF EXISTS " + TABLE);
        store = start(APP);
    }

    @AfterEach
    void dropTable() throws Exception {
        stores.forEach(JdbcSessionStore::stop);
        execute("DROP TABLE IF EXISTS " + TABLE + ", " + TABLE + "_lease");
    }

    private JdbcSessionStore start(String app) throws Exception {
        JdbcSessionStore s = new JdbcSessionStore();
        s.setUrl(TestServices.postgresUrl());
        s.setTableName(TABLE);
        s.setCreateSchema(true);
        s.setMaxPoolSize(2);
        s.start(new StoreContext(app, "PostgresPageScanIT", getClass().getClassLoader(), clock::get));
        stores.add(s);
        return s;
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Rows {@code S<from>} to {@code S<from + count - 1>} of {@code app} in one INSERT, each a real
     * frame of 344 bytes, raw sizes 150 to 1049, expiring at {@code expiresAt}.
     */
    private static void seed(String app, int from, int count, long expiresAt) throws Exception {
        byte[] frame = record("template", 1, expiresAt, BODY, 500).frame();
        String sql = "INSERT INTO " + TABLE + " (app, id, expires_at, last_access, max_inactive, version, stored_bytes,"
                + " raw_bytes, data) SELECT ?, 'S' || lpad(i::text, 8, '0'), ?, ?, 1800, 1, " + frame.length + ","
                + " 150 + i % 900, ? FROM generate_series(?, ?) i";
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setLong(2, expiresAt);
            ps.setLong(3, expiresAt - 1_800_000L);
            ps.setBytes(4, frame);
            ps.setInt(5, from);
            ps.setInt(6, from + count - 1);
            ps.executeUpdate();
        }
    }

    private static Set<String> ids(int from, int count) {
        Set<String> ids = new HashSet<>();
        for (int i = from; i < from + count; i++) {
            ids.add(String.format("S%08d", i));
        }
        return ids;
    }

    private static long[] relationPages() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_relation_size('" + TABLE + "') / 8192, relpages FROM pg_class"
                     + " WHERE oid = '" + TABLE + "'::regclass")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** A whole walk; {@code between} runs after each batch; checks limits and the cursor kind. */
    private List<ScannedRecord> walk(ScanRequest first, char kind, Consumer<ScanBatch> between) throws Exception {
        List<ScannedRecord> all = new ArrayList<>();
        ScanRequest request = first;
        for (int calls = 0; calls < 100_000; calls++) {
            ScanBatch batch = store.scan(request);
            assertThat(batch.records().size()).as("batch size, limit %d", request.limit())
                    .isLessThanOrEqualTo(request.limit());
            all.addAll(batch.records());
            if (batch.isLast()) {
                return all;
            }
            assertThat(batch.nextCursor().charAt(0)).as("cursor kind of %s", batch.nextCursor()).isEqualTo(kind);
            between.accept(batch);
            request = request.next(batch);
        }
        throw new AssertionError("scan did not end after 100000 batches");
    }

    private List<ScannedRecord> walk(ScanRequest first) throws Exception {
        return walk(first, JdbcPageScan.BY_PAGE, batch -> { });
    }

    private static void assertEachOnce(List<ScannedRecord> seen, Set<String> expected, String what) {
        List<String> ids = seen.stream().map(r -> r.record().id()).toList();
        assertThat(new HashSet<>(ids)).as("%s: ids scanned", what).isEqualTo(expected);
        assertThat(ids).as("%s: each once", what).hasSameSizeAs(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 1000, 5000, 100_000})
    void everyRowOnceWhateverTheBatchSize(int limit) throws Exception {
        seed(APP, 1, 3000, T0 + 30 * MINUTE);
        seed(APP + "-other", 1, 1000, T0 + 30 * MINUTE);
        execute("ANALYZE " + TABLE);

        List<ScannedRecord> seen = walk(new ScanRequest(null, limit, -1));

        assertEachOnce(seen, ids(1, 3000), "batches of " + limit);
    }

    @Test
    void biggerThanZeroWalksByPagesAndFiltersNothing() throws Exception {
        seed(APP, 1, 2000, T0 + 30 * MINUTE);

        assertEachOnce(walk(new ScanRequest(null, 300, 0)), ids(1, 2000), "biggerThan 0");
    }

    /**
     * Regression: a walk ending at {@code pg_class.relpages} (the size at the last ANALYZE) missed
     * the rows inserted after it; the end is the relation's current size.
     */
    @Test
    void rowsInsertedAfterTheLastAnalyzeAreScanned() throws Exception {
        seed(APP, 1, 2000, T0 + 30 * MINUTE);
        execute("ANALYZE " + TABLE);
        seed(APP, 2001, 3000, T0 + 30 * MINUTE);
        long[] pages = relationPages();
        assertThat(pages[1]).as("relpages (stale) below the relation's pages").isLessThan(pages[0]);

        assertEachOnce(walk(new ScanRequest(null, 1000, -1)), ids(1, 5000), "after a stale ANALYZE");
    }

    @Test
    void rowsAppendedOnNewPagesDuringTheWalkAreScannedOnce() throws Exception {
        seed(APP, 1, 2000, T0 + 30 * MINUTE);
        execute("VACUUM ANALYZE " + TABLE);
        long pagesBefore = relationPages()[0];
        int[] batches = {0};

        List<ScannedRecord> seen = walk(new ScanRequest(null, 200, -1), JdbcPageScan.BY_PAGE, batch -> {
            if (++batches[0] == 2) {
                try {
                    seed(APP, 2001, 2000, T0 + 30 * MINUTE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        assertThat(relationPages()[0]).as("the table grew by pages").isGreaterThan(pagesBefore);
        assertEachOnce(seen, ids(1, 4000), "rows appended during the walk");
    }

    @Test
    void anEmptyTableIsOneEmptyLastBatch() throws Exception {
        ScanBatch batch = store.scan(ScanRequest.all(10));

        assertThat(batch.records()).isEmpty();
        assertThat(batch.isLast()).as("last batch").isTrue();
    }

    @Test
    void anApplicationWithoutRowsIsOneEmptyLastBatchBesideOthers() throws Exception {
        seed(APP + "-other", 1, 3000, T0 + 30 * MINUTE);

        ScanBatch batch = store.scan(ScanRequest.all(10));

        assertThat(batch.records()).isEmpty();
        assertThat(batch.isLast()).as("last batch").isTrue();
    }

    @Test
    void expiredRowsAreFlaggedAndHeadsAreTheFramesFirstBytes() throws Exception {
        seed(APP, 1, 500, T0 + 30 * MINUTE);
        seed(APP, 501, 300, T0 + MINUTE);
        SessionRecord written = record("whole", 1, T0 + 30 * MINUTE, BODY, 700);
        store.write(written, 0);
        clock.set(T0 + 2 * MINUTE);

        List<ScannedRecord> seen = walk(new ScanRequest(null, 64, -1, ScanRequest.MIN_HEAD_BYTES));

        Set<String> expected = ids(1, 800);
        expected.add("whole");
        assertEachOnce(seen, expected, "heads");
        Set<String> expired = ids(501, 300);
        for (ScannedRecord r : seen) {
            String id = r.record().id();
            assertThat(r.expired()).as("expired flag of %s", id).isEqualTo(expired.contains(id));
            assertThat(r.frameLength()).as("whole frame length of %s", id).isEqualTo(written.frame().length);
            assertThat(r.record().frame()).as("head of %s", id).hasSize(ScanRequest.MIN_HEAD_BYTES);
            assertThat(r.isPartial()).isTrue();
        }
        ScannedRecord whole = seen.stream().filter(r -> r.record().id().equals("whole")).findFirst().orElseThrow();
        assertThat(whole.record().frame()).isEqualTo(Arrays.copyOf(written.frame(), ScanRequest.MIN_HEAD_BYTES));
        assertThat(whole.record().rawBytes()).isEqualTo(700);
    }

    @Test
    void theDefaultSizeFilterKeepsTheIndexWalk() throws Exception {
        seed(APP, 1, 2000, T0 + 30 * MINUTE);

        List<ScannedRecord> seen = walk(new ScanRequest(null, 10, AnalysisOptions.DEFAULT_BIGGER_THAN), 's',
                batch -> { });

        assertThat(seen).as("no seeded row is over 10240 raw bytes").isEmpty();
        List<ScannedRecord> bigger = walk(new ScanRequest(null, 50, 1000), 's', batch -> { });
        assertThat(bigger).as("rows over 1000 raw bytes: i %% 900 in 851..899, twice in 1..2000").hasSize(98);
    }

    @Test
    void aSmallApplicationOfABigTableKeepsTheKeyWalk() throws Exception {
        seed(APP, 1, 300, T0 + 30 * MINUTE);
        seed(APP + "-other", 1, 3000, T0 + 30 * MINUTE);
        execute("ANALYZE " + TABLE);

        assertEachOnce(walk(new ScanRequest(null, 100, -1), 'i', batch -> { }), ids(1, 300), "a tenth of the table");
    }

    /** A partitioned table has no pages of its own (its size is 0): walked by key, not missed. */
    @Test
    void aPartitionedTableKeepsTheKeyWalk() throws Exception {
        execute("DROP TABLE " + TABLE);
        execute("CREATE TABLE " + TABLE + " (app VARCHAR(255) NOT NULL, id VARCHAR(1024) NOT NULL, expires_at BIGINT,"
                + " last_access BIGINT NOT NULL, max_inactive INTEGER NOT NULL, version BIGINT NOT NULL,"
                + " stored_bytes INTEGER NOT NULL, raw_bytes INTEGER NOT NULL, data BYTEA NOT NULL,"
                + " PRIMARY KEY (app, id)) PARTITION BY HASH (id)");
        execute("CREATE TABLE " + TABLE + "_p0 PARTITION OF " + TABLE + " FOR VALUES WITH (MODULUS 2, REMAINDER 0)");
        execute("CREATE TABLE " + TABLE + "_p1 PARTITION OF " + TABLE + " FOR VALUES WITH (MODULUS 2, REMAINDER 1)");
        seed(APP, 1, 500, T0 + 30 * MINUTE);

        assertEachOnce(walk(new ScanRequest(null, 100, -1), 'i', batch -> { }), ids(1, 500), "a partitioned table");
    }

    /** What a walk by pages reads: a TID range, the application and size checked on each row. */
    @Test
    void aBatchIsATidRangeScan() throws Exception {
        seed(APP, 1, 3000, T0 + 30 * MINUTE);
        execute("ANALYZE " + TABLE);
        SqlCatalog catalog = SqlCatalog.load(io.sessionstores.jdbc.dialect.Dialect.of(
                io.sessionstores.jdbc.dialect.DialectName.POSTGRESQL), TABLE);
        Map<String, Object> values = new HashMap<>();
        values.put("app", APP);
        values.put("limit", 5000);
        values.put("biggerThan", 0L);
        values.put("head", 512);
        values.put("after", "(3,0)");
        values.put("before", "(40,0)");
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             PreparedStatement ps = catalog.statement("scanPagesHead").prepare(c, values, 30);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN " + ps)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }

        assertThat(plan.toString()).as("plan of a batch by pages").contains("Tid Range Scan on " + TABLE)
                .containsPattern("Sort Key: (" + TABLE + "\\.)?ctid\n").doesNotContain("Seq Scan");
    }
}
