package io.sessionstores.redis;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.config.Config;

import io.sessionstores.core.it.InContainerTest;

/**
 * Two Tomcats booted from {@code tomcat-conf-samples/redis-cluster} on a real 3-master Redis
 * Cluster: the shared one ({@link RedisClusterExtension}).
 */
@Tag(InContainerTest.TAG)
@ExtendWith(RedisClusterExtension.class)
class ClusterSampleTwoTomcatsIT extends TwoTomcatsSampleContract {

    @Override
    String sample() {
        return RedisSamples.CLUSTER;
    }

    @Override
    Config redis() throws Exception {
        return RedisSamples.useCluster(RedisClusterExtension.cluster());
    }
}
