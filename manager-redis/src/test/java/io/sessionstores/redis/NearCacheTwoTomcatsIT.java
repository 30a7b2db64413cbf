package io.sessionstores.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.redisson.config.Config;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.NearCacheTwoTomcatsContract;
import io.sessionstores.core.it.TomcatNode;

/**
 * The near cache's exactness ({@link NearCacheTwoTomcatsContract}) through two real Tomcats booted
 * from the {@code redis-hash} sample (near cache on by default) on this machine's Redis.
 */
@Tag(InContainerTest.TAG)
class NearCacheTwoTomcatsIT extends NearCacheTwoTomcatsContract {

    static Config redis;

    @BeforeAll
    static void useSharedRedis() {
        redis = RedisSamples.useSharedRedis();
    }

    @Override
    protected TomcatNode startNode(String name) {
        return RedisSamples.start(name, RedisSamples.HASH);
    }

    @Override
    protected void deleteSessions(String appName) {
        RedisSamples.deleteSessions(appName, redis);
    }

    @Override
    protected boolean carriesRecords() {
        return true;
    }

    @Override
    protected String storeName() {
        return "Redis";
    }
}
