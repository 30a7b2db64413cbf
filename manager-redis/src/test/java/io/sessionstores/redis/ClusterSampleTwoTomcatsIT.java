package io.sessionstores.redis;

import java.io.File;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.config.Config;

import io.sessionstores.core.it.InContainerTest;

/**
 * Two Tomcats booted from {@code tomcat-conf-samples/redis-cluster} on a real 3-master Redis
 * Cluster on ports 7101-7103 (the sample's defaults): the shared one ({@link RedisClusterExtension}).
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
        return Config.fromYAML(new File(RedisClusterExtension.cluster().redissonYaml()));
    }
}
