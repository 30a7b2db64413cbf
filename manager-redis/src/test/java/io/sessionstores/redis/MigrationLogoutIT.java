package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.it.Gates;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.core.migrate.InsertGatedStore;
import io.sessionstores.core.migrate.SessionCopy;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.testsupport.TestServices;

/**
 * The defect as filed, end to end through a real Tomcat: a session created on the JDBC store
 * (PostgreSQL); the context switched to the Redis store with the JDBC store as its
 * {@code migrateFrom} fallback; the copy (run as the {@code migrate} command runs it, beside
 * Tomcat) reads the session and is held before its insert into Redis; the user logs out (or logs
 * in: changeSessionId) through Tomcat; the copy completes; the old cookie must find no session.
 */
class MigrationLogoutIT {

    private static final String TABLE = "ssit_migration_logout";
    private static final String JDBC = "io.sessionstores.jdbc.JdbcSessionStore";
    private static final String REDIS = "io.sessionstores.redis.RedisSessionStore";

    private final String prefix = StoreFixture.uniquePrefix();
    private final String gate = "migration-logout-" + prefix;
    private final ExecutorService copier = Executors.newSingleThreadExecutor();
    private TomcatNode node;
    private JdbcSessionStore oldStore;
    private RedisSessionStore newStore;

    @BeforeEach
    void clean() throws Exception {
        dropTable();
    }

    @AfterEach
    void stopAll() throws Exception {
        Gates.reset();
        copier.shutdownNow();
        if (node != null) {
            node.close();
        }
        if (oldStore != null) {
            oldStore.stop();
        }
        if (newStore != null) {
            StoreFixture.deleteKeys(newStore);
            newStore.stop();
        }
        dropTable();
    }

    @Test
    void copyDoesNotResurrectASessionLoggedOutThroughTomcatBetweenReadAndWrite() throws Exception {
        String id = sessionCreatedBeforeTheSwitch();

        Future<SessionCopy.Progress> copy = copyHeldBeforeItsInsertOf(id);
        SessionClient browser = browser(id);
        assertThat(browser.get("session/invalidate").status()).as("logout").isEqualTo(200);
        assertThat(browser(id).get("session/get").status()).as("the old cookie after the logout").isEqualTo(404);

        Gates.open(gate);
        assertThat(copy.get(60, TimeUnit.SECONDS).done()).as("copy complete").isTrue();
        SessionClient.Response after = browser(id).get("session/get");
        assertThat(after.status()).as("the logged-out cookie once the copy completed: %s", after).isEqualTo(404);
    }

    @Test
    void copyDoesNotResurrectTheOldIdOfASessionRenamedThroughTomcatBetweenReadAndWrite() throws Exception {
        String id = sessionCreatedBeforeTheSwitch();

        Future<SessionCopy.Progress> copy = copyHeldBeforeItsInsertOf(id);
        SessionClient.Response renamed = browser(id).get("session/change-id");
        assertThat(renamed.status()).as("changeSessionId (login)").isEqualTo(200);
        String newId = renamed.id();
        assertThat(newId).isNotEqualTo(id);

        Gates.open(gate);
        assertThat(copy.get(60, TimeUnit.SECONDS).done()).as("copy complete").isTrue();
        SessionClient.Response old = browser(id).get("session/get");
        assertThat(old.status()).as("the id before login once the copy completed: %s", old).isEqualTo(404);
        SessionClient.Response current = browser(newId).get("session/get");
        assertThat(current.status()).as("the id after login").isEqualTo(200);
        assertThat(current.attribute("n")).isEqualTo("second");
    }

    /** A session with n=second on the JDBC store; then the node runs on Redis with JDBC as fallback. */
    private String sessionCreatedBeforeTheSwitch() throws Exception {
        switchTo("logout-jdbc", "<Store className=\"" + JDBC + "\" " + jdbcAttributes("") + "/>");
        SessionClient browser = new SessionClient(node.baseUri());
        assertThat(browser.get("session/create?name=n&value=second").status()).isEqualTo(200);
        String id = browser.sessionId();
        switchTo("logout-redis-migrating", "<Store className=\"" + REDIS + "\" address=\"" + StoreFixture.SHARED_REDIS
                + "\" keyPrefix=\"" + prefix + "\" migrateFrom=\"" + JDBC + "\" " + jdbcAttributes("migrateFrom.") + "/>");
        return id;
    }

    /** The copy JDBC -> Redis on stores of its own, returned once it holds {@code id} read, before its insert. */
    private Future<SessionCopy.Progress> copyHeldBeforeItsInsertOf(String id) throws Exception {
        StoreContext context = new StoreContext(node.appName(), "copy " + node.appName(), getClass().getClassLoader(),
                System::currentTimeMillis);
        oldStore = new JdbcSessionStore();
        oldStore.setUrl(TestServices.postgresUrl());
        oldStore.setTableName(TABLE);
        oldStore.start(context);
        newStore = new RedisSessionStore();
        newStore.setAddress(StoreFixture.SHARED_REDIS);
        newStore.setKeyPrefix(prefix);
        newStore.start(context);
        InsertGatedStore target = new InsertGatedStore(newStore);
        target.holdNextInsert(id, gate);
        Future<SessionCopy.Progress> copy = copier.submit(() -> {
            SessionCopy.Progress progress = new SessionCopy.Progress();
            new SessionCopy(oldStore, target).run(new SessionCopy.Options(100, Duration.ZERO, null, true, 1), progress);
            return progress;
        });
        Gates.awaitArrival(gate);
        return copy;
    }

    private SessionClient browser(String id) {
        SessionClient browser = new SessionClient(node.baseUri());
        browser.sessionId(id);
        return browser;
    }

    private static String jdbcAttributes(String prefix) {
        return ContextSwitch.jdbcAttributes(prefix, TABLE);
    }

    /** Stops the node and starts a new Tomcat whose context.xml holds {@code store}. */
    private void switchTo(String name, String store) {
        node = ContextSwitch.restart(node, name, store);
    }

    private static void dropTable() throws Exception {
        try (Connection c = DriverManager.getConnection(TestServices.postgresUrl())) {
            c.createStatement().execute("DROP TABLE IF EXISTS " + TABLE);
            c.createStatement().execute("DROP TABLE IF EXISTS " + TABLE + "_lease");
        }
    }
}
