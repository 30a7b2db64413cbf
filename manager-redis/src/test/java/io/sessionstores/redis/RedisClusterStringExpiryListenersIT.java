package io.sessionstores.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Listeners of timed-out sessions (fired once across the nodes) in string mode on a real 3-master Redis Cluster (ports 7165-7167). */
class RedisClusterStringExpiryListenersIT extends RedisStringExpiryListenersIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7165, 7166, 7167);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
