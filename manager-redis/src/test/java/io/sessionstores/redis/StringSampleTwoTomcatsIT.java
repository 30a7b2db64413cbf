package io.sessionstores.redis;

import org.junit.jupiter.api.Tag;
import org.redisson.config.Config;

import io.sessionstores.core.it.InContainerTest;

/** Two Tomcats booted from {@code tomcat-conf-samples/redis-string} on the Redis of this machine. */
@Tag(InContainerTest.TAG)
class StringSampleTwoTomcatsIT extends TwoTomcatsSampleContract {

    @Override
    String sample() {
        return RedisSamples.STRING;
    }

    @Override
    Config redis() {
        return RedisSamples.useSharedRedis();
    }
}
