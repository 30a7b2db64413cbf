package io.sessionstores.redis;

import org.junit.jupiter.api.extension.ExtendWith;

/** Listeners of timed-out sessions (fired once across the nodes) in string mode on the shared 3-master Redis Cluster ({@link RedisClusterExtension}). */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterStringExpiryListenersIT extends RedisStringExpiryListenersIT {

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }
}
