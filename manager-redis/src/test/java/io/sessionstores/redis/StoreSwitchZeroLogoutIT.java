package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.migrate.MigrateCommand;
import io.sessionstores.core.migrate.SessionMigrationMBean;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.jdbc.JdbcStoreFactory;
import io.sessionstores.testsupport.TestServices;

/**
 * Switching stores logs nobody out, through real Tomcat (restarted with each new context.xml, as the
 * runbook docs/migration.md says): 1,000 sessions created on the JDBC store (PostgreSQL); the
 * context switched to cached-JDBC, then to the Redis store with the JDBC store as its
 * {@code migrateFrom} fallback and the JMX copy, then to the Redis store alone; and back: the JDBC
 * store with the Redis store as its fallback and the command-line copy, then the JDBC store alone.
 * After each switch every cookie finds its session with its attribute. Also prints the cache hit
 * ratio and database statements per request of a read-heavy run, and the copy rates.
 */
class StoreSwitchZeroLogoutIT {

    private static final int SESSIONS = 1_000;
    private static final String TABLE = "ssit_zerologout";
    private static final String JDBC = "io.sessionstores.jdbc.JdbcSessionStore";
    private static final String REDIS = "io.sessionstores.redis.RedisSessionStore";
    private static final String CACHED = "io.sessionstores.redis.CachedJdbcSessionStore";

    private final String prefix = StoreFixture.uniquePrefix();
    private final ExecutorService browsers = Executors.newFixedThreadPool(4);
    private TomcatNode node;
    private final String[] ids = new String[SESSIONS];

    @BeforeEach
    void clean() throws Exception {
        dropTable();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (node != null) {
            node.close();
        }
        browsers.shutdownNow();
        RedisSessionStore cleaner = new RedisSessionStore();
        cleaner.setAddress(StoreFixture.SHARED_REDIS);
        cleaner.setKeyPrefix(prefix);
        new StoreFixture().start(cleaner, "/Catalina/localhost/app");
        StoreFixture.deleteKeys(cleaner);
        cleaner.stop();
        dropTable();
    }

    @Test
    void jdbcToCachedJdbcToRedisAndBackToJdbcLogsNobodyOut() throws Exception {
        switchTo("zero-jdbc", jdbcStore(""));
        forEach(0, SESSIONS, i -> {
            SessionClient browser = new SessionClient(node.baseUri());
            SessionClient.Response created = browser.get("session/create?name=n&value=" + i);
            assertThat(created.status()).isEqualTo(200);
            ids[i] = browser.sessionId();
        });

        // cached-JDBC: nothing to migrate, the cache fills from the database. A read-heavy run:
        // a quarter of the sessions, each read 4 times (the rest stay uncached, for the fallback).
        switchTo("zero-cached", "<Store className=\"" + CACHED + "\" " + jdbcAttributes("") + " " + redisAttributes("")
                + "/>");
        for (int round = 0; round < 4; round++) {
            expectEverySession(0, SESSIONS / 4);
        }
        CacheCounters cache = ((CachedJdbcSessionStore) manager().getStore()).counters();
        long requests = 4L * SESSIONS / 4;
        long statements = cache.getMisses() + manager().statistics().getSaves() + manager().statistics().getTouches();
        long nearHits = manager().statistics().getNearHits();
        System.out.printf(Locale.ROOT, "[cached-jdbc] read-heavy run: %d requests, %d served by the node's copy (near"
                + " cache), cache hit ratio %.2f, database statements per request %.3f (%d misses, %d saves, %d"
                + " touches)%n", requests, nearHits, cache.getHitRatio(), (double) statements / requests,
                cache.getMisses(), manager().statistics().getSaves(), manager().statistics().getTouches());
        assertThat(cache.getHits() + nearHits)
                .as("reads after the first of each session: from the node's copy, or Redis until the node follows the"
                        + " change stream").isEqualTo(3L * SESSIONS / 4);
        assertThat(cache.getMisses()).as("the first read of each session, from the database").isEqualTo(SESSIONS / 4);

        // to Redis, with the JDBC store as fallback: what Redis lacks moves on demand, the copy moves the rest
        switchTo("zero-redis-migrating", "<Store className=\"" + REDIS + "\" " + redisAttributes("")
                + " migrateFrom=\"" + JDBC + "\" " + jdbcAttributes("migrateFrom.") + "/>");
        expectEverySession(SESSIONS / 4, SESSIONS / 2);
        SessionMigrationMBean migration = manager().migration();
        assertThat(migration.getMovedOnDemand()).as("sessions moved by their own requests").isEqualTo(SESSIONS / 4);
        assertThat(migration.startCopy(200, 0, "")).isEqualTo("copy started");
        while (migration.isCopyRunning()) {
            Thread.sleep(20);
        }
        System.out.printf(Locale.ROOT, "[migration] JDBC -> Redis copy (JMX): %d copied, %d already in Redis, %.0f sessions/s%n",
                migration.getCopied(), migration.getAlreadyThere(), migration.getCopyRate());
        assertThat(migration.isCopyComplete()).as("copy complete, error: %s", migration.getLastError()).isTrue();
        assertThat(migration.getCopied()).as("neither cached nor asked for").isEqualTo(SESSIONS / 2);
        assertThat(migration.getAlreadyThere()).as("cached by cached-JDBC, their rows still there").isEqualTo(SESSIONS / 4);
        assertThat(migration.getSourceCount()).as("rows left in the database").isZero();

        // the fallback removed: Redis alone
        switchTo("zero-redis", "<Store className=\"" + REDIS + "\" " + redisAttributes("") + "/>");
        expectEverySession(0, SESSIONS);

        // and back: the JDBC store with the Redis store as fallback, the command-line copy
        switchTo("zero-jdbc-migrating", jdbcStore(" migrateFrom=\"" + REDIS + "\" " + redisAttributes("migrateFrom.")));
        expectEverySession(0, SESSIONS / 4);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<StoreFactory> backends = List.of(new JdbcStoreFactory(), new RedisStoreFactory());
        int exit = new MigrateCommand(new PrintStream(output, true, StandardCharsets.UTF_8), backends).run(new String[] {
            "migrate", "--app", node.appName(), "--from-redis-address", StoreFixture.SHARED_REDIS, "--from-key-prefix",
            prefix, "--to-jdbc-url", TestServices.postgresUrl(), "--to-table", TABLE, "--batch-size", "200"});
        String printed = output.toString(StandardCharsets.UTF_8);
        System.out.println("[migration] Redis -> JDBC copy (command line):\n" + printed);
        assertThat(exit).as("exit code; output:%n%s", printed).isZero();
        assertThat(printed).contains("copied " + 3 * SESSIONS / 4).contains("complete");
        assertThat(rowsInTable()).isEqualTo(SESSIONS);

        switchTo("zero-jdbc-again", jdbcStore(""));
        expectEverySession(0, SESSIONS);
    }

    // ---- context.xml ------------------------------------------------------------------------------

    private String jdbcStore(String more) {
        return "<Store className=\"" + JDBC + "\" " + jdbcAttributes("") + more + "/>";
    }

    private static String jdbcAttributes(String prefix) {
        return ContextSwitch.jdbcAttributes(prefix, TABLE);
    }

    private String redisAttributes(String attributePrefix) {
        return attributePrefix + "address=\"" + StoreFixture.SHARED_REDIS + "\" " + attributePrefix + "keyPrefix=\""
                + prefix + "\"";
    }

    /** Stops the node and starts a new Tomcat whose context.xml holds {@code store}. */
    private void switchTo(String name, String store) {
        node = ContextSwitch.restart(node, name, store);
    }

    private SessionStoreManager manager() {
        return (SessionStoreManager) node.context().getManager();
    }

    // ---- browsers ---------------------------------------------------------------------------------

    /** Each cookie of {@code from..to} finds its session (same id, no new cookie) with its attribute. */
    private void expectEverySession(int from, int to) throws Exception {
        forEach(from, to, i -> {
            SessionClient browser = new SessionClient(node.baseUri());
            browser.sessionId(ids[i]);
            SessionClient.Response answer = browser.get("session/get");
            assertThat(answer.status()).as("session %d: %s", i, answer).isEqualTo(200);
            assertThat(answer.id()).as("session %d kept its id", i).isEqualTo(ids[i]);
            assertThat(answer.attribute("n")).as("session %d's attribute", i).isEqualTo(String.valueOf(i));
        });
    }

    private void forEach(int from, int to, IntConsumer request) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        IntStream.range(from, to).forEach(i -> running.add(browsers.submit(() -> request.accept(i))));
        for (Future<?> f : running) {
            f.get();
        }
    }

    // ---- database -----------------------------------------------------------------------------------

    private static long rowsInTable() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE app = ?")) {
            ps.setString(1, "/Catalina/localhost/app");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void dropTable() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl())) {
            c.createStatement().execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }
}
