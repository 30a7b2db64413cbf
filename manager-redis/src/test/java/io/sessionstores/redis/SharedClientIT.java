package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** One Redisson client per configuration, shared by the stores naming it, shut down with the last. */
class SharedClientIT {

    final StoreFixture fixture = new StoreFixture();

    RedisSessionStore store(String address, int timeout) {
        RedisSessionStore s = new RedisSessionStore();
        s.setAddress(address);
        s.setTimeout(timeout);
        s.setKeyPrefix(StoreFixture.uniquePrefix());
        return s;
    }

    @Test
    void storesWithTheSameConfigurationShareOneClientUntilTheLastStops() throws Exception {
        RedisSessionStore shop = fixture.start(store(StoreFixture.SHARED_REDIS, 1234), "/Catalina/localhost/shop");
        RedisSessionStore blog = fixture.start(store(StoreFixture.SHARED_REDIS, 1234), "/Catalina/localhost/blog");
        RedisSessionStore other = fixture.start(store(StoreFixture.SHARED_REDIS, 1235), "/Catalina/localhost/other");
        RedissonClient shared = shop.redisson();
        try {
            assertThat(blog.redisson()).as("client of a second context, same configuration").isSameAs(shared);
            assertThat(other.redisson()).as("client of a different configuration").isNotSameAs(shared);

            shop.stop();
            assertThat(shared.isShutdown()).as("shared client after the first of two users stopped").isFalse();
            assertThat(blog.count()).as("the remaining store still works").isZero();
        } finally {
            blog.stop();
            other.stop();
        }
        assertThat(shared.isShutdown()).as("shared client after its last user stopped").isTrue();
    }
}
