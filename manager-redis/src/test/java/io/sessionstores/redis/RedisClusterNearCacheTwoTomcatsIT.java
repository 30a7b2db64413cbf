package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.config.Config;

import io.sessionstores.core.engine.ManagerStats;
import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.RedisServer;

/**
 * The near cache's exactness ({@link NearCacheTwoTomcatsContract}) through two real Tomcats booted
 * from the {@code redis-cluster} sample (hash mode, near cache on by default) on the shared 3-master
 * Cluster ({@link RedisClusterExtension}): the change stream of shard channels and slot counters
 * ({@link ShardedChangeStream}), and a subscription killed under the nodes. On Tomcat 10.1 only
 * (the failsafe pass on 11 leaves it out, as it does {@link NearCacheTwoTomcatsIT}).
 */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterNearCacheTwoTomcatsIT extends NearCacheTwoTomcatsContract {

    static Config redis;

    @BeforeAll
    static void useCluster() throws Exception {
        redis = RedisSamples.useCluster(RedisClusterExtension.cluster());
    }

    @Override
    protected TomcatNode startNode(String name) {
        return RedisSamples.start(name, RedisSamples.CLUSTER);
    }

    @Override
    protected void deleteSessions(String appName) {
        RedisSamples.deleteSessions(appName, redis);
    }

    @Override
    protected String storeName() {
        return "Redis Cluster";
    }

    /**
     * The pub/sub connections killed on every master: a node trusts no copy (JMX
     * {@code streamResets} moves), reads its copy again at the next request, then follows again
     * and serves it without a read.
     */
    @Test
    void aKilledSubscriptionMakesANodeReadItsCopyAgainOnce() throws Exception {
        SessionClient browser = new SessionClient(a.baseUri());
        browser.get("session/create?name=user&value=alice");
        assertThat(browser.get(b.baseUri(), "session/get").attribute("user")).as("b's first read").isEqualTo("alice");
        ManagerStats stats = manager(b).statistics();
        long resets = stats.getStreamResets();

        for (RedisServer master : RedisClusterExtension.cluster().nodes()) {
            master.cli("CLIENT", "KILL", "TYPE", "pubsub");
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (stats.getStreamResets() == resets) {
            assertThat(System.nanoTime() - deadline).as("b noticed the killed subscriptions").isNegative();
            Thread.sleep(20);
        }
        awaitFollowing(b);
        long loads = stats.getLoads();
        long hits = stats.getNearHits();
        assertThat(browser.get(b.baseUri(), "session/get").attribute("user")).isEqualTo("alice");
        assertThat(stats.getLoads() - loads).as("b's copy read again after the reset").isEqualTo(1);
        assertThat(browser.get(b.baseUri(), "session/get").attribute("user")).isEqualTo("alice");
        assertThat(stats.getLoads() - loads).as("and then served without a read").isEqualTo(1);
        assertThat(stats.getNearHits() - hits).isEqualTo(1);
    }
}
