package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Listeners of timed-out sessions (fired once across the nodes) in hash mode on a real 3-master Redis Cluster (ports 7162-7164). */
class RedisClusterHashExpiryListenersIT extends RedisHashExpiryListenersIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7162, 7163, 7164);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
