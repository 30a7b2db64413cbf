package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

import io.sessionstores.core.config.ConfigException;

/**
 * {@link RedisSessionStore#setClientConfig}: a Redisson configuration given in code (an
 * application's own client, a Spring Boot application's properties) instead of a YAML file or an
 * address.
 */
class ClientConfigGivenInCodeTest {

    private static RedisStoreSettings settings(RedisSessionStore store) {
        return RedisStoreSettings.validate(store, "/Catalina/localhost/shop");
    }

    @Test
    void theStoreConnectsWithACopyOfTheGivenConfiguration() {
        Config given = new Config();
        given.useSingleServer().setAddress("redis://127.0.0.1:6390").setPassword("s3cret").setDatabase(3);
        RedisSessionStore store = new RedisSessionStore();
        store.setClientConfig(given);

        RedisStoreSettings s = settings(store);
        Config used = s.redissonConfig();

        assertThat(used).isNotSameAs(given);
        assertThat(used.useSingleServer().getAddress()).isEqualTo("redis://127.0.0.1:6390");
        assertThat(used.useSingleServer().getDatabase()).isEqualTo(3);
        assertThat(used.getCodec()).as("the store's own codec, whatever the application's client uses")
                .isSameAs(org.redisson.client.codec.ByteArrayCodec.INSTANCE);
        assertThat(s.describeClient()).contains("given in code").doesNotContain("s3cret");
    }

    @Test
    void storesGivenTheSameConfigurationShareOneClient() {
        RedisSessionStore a = new RedisSessionStore();
        RedisSessionStore b = new RedisSessionStore();
        RedisSessionStore c = new RedisSessionStore();
        Config one = new Config();
        one.useSingleServer().setAddress("redis://127.0.0.1:6390");
        Config other = new Config();
        other.useSingleServer().setAddress("redis://127.0.0.1:6391");
        a.setClientConfig(one);
        b.setClientConfig(one);
        c.setClientConfig(other);
        assertThat(settings(a).clientIdentity()).isEqualTo(settings(b).clientIdentity())
                .isNotEqualTo(settings(c).clientIdentity());
    }

    @Test
    void aGivenConfigurationReadingFromReplicasReadsFromTheMaster() {
        Config given = new Config();
        given.useSentinelServers().setMasterName("m").addSentinelAddress("redis://127.0.0.1:26379")
                .setReadMode(ReadMode.SLAVE);
        RedisSessionStore store = new RedisSessionStore();
        store.setClientConfig(given);

        Config used = settings(store).redissonConfig();

        assertThat(used.useSentinelServers().getReadMode()).isEqualTo(ReadMode.MASTER);
        assertThat(given.useSentinelServers().getReadMode()).as("the application's own client is left alone")
                .isEqualTo(ReadMode.SLAVE);
    }

    @Test
    void aGivenConfigurationWithAnAddressAttributeIsRefusedNamingTheAttribute() {
        Config given = new Config();
        given.useSingleServer().setAddress("redis://127.0.0.1:6390");
        RedisSessionStore store = new RedisSessionStore();
        store.setClientConfig(given);
        store.setAddress("redis://127.0.0.1:6379");

        assertThatThrownBy(() -> settings(store)).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("'address'", "clientConfig");
    }
}
