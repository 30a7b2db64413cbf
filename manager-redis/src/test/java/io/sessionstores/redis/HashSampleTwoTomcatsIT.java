package io.sessionstores.redis;

import org.junit.jupiter.api.Tag;
import org.redisson.config.Config;

import io.sessionstores.core.it.InContainerTest;

/** Two Tomcats booted from {@code tomcat-conf-samples/redis-hash} on the Redis of this machine. */
@Tag(InContainerTest.TAG)
class HashSampleTwoTomcatsIT extends TwoTomcatsSampleContract {

    @Override
    String sample() {
        return RedisSamples.HASH;
    }

    @Override
    Config redis() {
        return RedisSamples.useSharedRedis();
    }
}
