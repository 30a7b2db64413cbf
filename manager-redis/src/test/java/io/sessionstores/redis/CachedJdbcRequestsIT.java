package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.tomcat.util.modeler.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.RedisServer;
import io.sessionstores.testsupport.TestServices;

/**
 * The cached-JDBC store through Tomcat, configured by a context.xml (one {@code <Store>} with the
 * JDBC and the Redis attributes): reads come from Redis, and with Redis stopped (a private
 * redis-server on port {@value #PORT}) every request is still answered, by the database.
 */
@Tag(InContainerTest.TAG)
class CachedJdbcRequestsIT {

    static final int PORT = 7402;
    private static final String TABLE = "ssit_cachedrequests";

    private RedisServer redis;
    private TomcatNode node;

    @AfterEach
    void stopAll() throws Exception {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.stop();
        }
        CachedJdbcFixture.dropTables(TestServices.postgresUrl(), TABLE);
    }

    @Test
    void redisStoppedNoUserSeesAnErrorAndTheDatabaseAnswers() throws Exception {
        redis = RedisServer.start(PORT);
        node = TomcatNode.start("cached-jdbc", SessionTestApp.war(ContextXml.sessionStoreManager()
                .manager("nearCache", false) // reads of the Redis cache; CachedJdbcNearCacheRequestsIT has the near cache
                .store(CachedJdbcSessionStore.class, "url", TestServices.postgresUrl(), "tableName", TABLE,
                        "createSchema", true, "address", redis.address(), "timeout", 2000, "retryAttempts", 0,
                        "cacheBackoffMillis", 1000).xml()));
        SessionClient browser = new SessionClient(node.baseUri());
        assertThat(browser.get("session/create?name=a&value=1").status()).isEqualTo(200);
        assertThat(browser.get("session/get").attribute("a")).isEqualTo("1");
        CachedJdbcSessionStore store = (CachedJdbcSessionStore) ((SessionStoreManager) node.context().getManager()).getStore();
        assertThat(store.counters().getHits()).as("the read after the write, from Redis").isEqualTo(1);
        MBeanServer jmx = Registry.getRegistry(null, null).getMBeanServer();
        assertThat(jmx.getAttribute(new ObjectName("Catalina:type=Store,host=localhost,context=/app"), "cacheHits"))
                .as("the counters in JMX, on the store's MBean").isEqualTo(1L);

        redis.stop();
        SessionClient.Response read = browser.get("session/get");
        SessionClient.Response written = browser.get("session/set?name=a&value=2");
        Thread.sleep(1_100); // past cacheBackoffMillis: Redis is tried (and fails) again
        SessionClient.Response readAgain = browser.get("session/get");
        SessionClient.Response created = new SessionClient(node.baseUri()).get("session/create?name=b&value=3");

        assertThat(read.status()).as("read, Redis down: %s", read).isEqualTo(200);
        assertThat(read.attribute("a")).isEqualTo("1");
        assertThat(written.status()).as("write, Redis down: %s", written).isEqualTo(200);
        assertThat(readAgain.attribute("a")).as("the write, read back from the database").isEqualTo("2");
        assertThat(created.status()).as("a new session, Redis down").isEqualTo(200);
        assertThat(store.counters().getErrors()).as("Redis errors counted").isGreaterThanOrEqualTo(2);
        assertThat(((SessionStoreManager) node.context().getManager()).statistics().getStoreErrors())
                .as("no store error: the database answered").isZero();
    }
}
