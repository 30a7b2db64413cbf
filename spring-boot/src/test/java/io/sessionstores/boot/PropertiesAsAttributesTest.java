package io.sessionstores.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.redis.RedisSessionStore;

/** {@code session-stores.*} properties as the components' attributes: names, conversions, refusals. */
class PropertiesAsAttributesTest {

    private final Attributes manager = SessionStoresSettings.managerAttributes();

    @Test
    void aKebabCasePropertySetsTheAttributeOfTheSameName() {
        SessionStoreManager m = new SessionStoreManager();
        assertThat(manager.set(m, "max-idle-copies", "5")).isTrue();
        assertThat(manager.set(m, "saveMode", "always")).isTrue();
        assertThat(manager.set(m, "STICKY", "true")).as("an environment variable's spelling").isTrue();
        assertThat(m.getMaxIdleCopies()).isEqualTo(5);
        assertThat(m.getSaveMode()).isEqualTo("always");
        assertThat(m.getSticky()).isTrue();
    }

    @Test
    void anAttributeNamedInAStartErrorIsNamedAsItsProperty() {
        assertThat(manager.propertyOf("maxSaveRetries")).isEqualTo("session-stores.manager.max-save-retries");
        assertThat(Attributes.of("session-stores.redis", RedisSessionStore.class).propertyOf("keyPrefix"))
                .isEqualTo("session-stores.redis.key-prefix");
    }

    @Test
    void aValueThatIsNotANumberIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> manager.set(new SessionStoreManager(), "max-save-retries", "ten"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("'ten'", "session-stores.manager.max-save-retries", "a whole number");
        assertThatThrownBy(() -> manager.set(new SessionStoreManager(), "sticky", "yes"))
                .hasMessageContainingAll("session-stores.manager.sticky", "true or false");
    }

    @Test
    void anUnknownStoreIsRefusedListingTheStores() {
        assertThatThrownBy(() -> StoreKind.parse("mongo")).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("'mongo'", "session-stores.store", "redis, jdbc or cached-jdbc");
        assertThatThrownBy(() -> StoreKind.parse(null)).hasMessageContaining("session-stores.store");
    }

    @Test
    void redisClientPropertiesDescribeSentinelWithTheStoreTimeouts() {
        Config config = RedisClientProperties.config(Map.of("sentinel-master", "mymaster",
                "sentinel-addresses", "redis://127.0.0.1:26379, redis://127.0.0.1:26380", "password", "pw",
                "database", "2"), 750, 1);
        assertThat(config.useSentinelServers().getMasterName()).isEqualTo("mymaster");
        assertThat(config.useSentinelServers().getSentinelAddresses()).hasSize(2);
        assertThat(config.useSentinelServers().getDatabase()).isEqualTo(2);
        assertThat(config.useSentinelServers().getTimeout()).isEqualTo(750);
        assertThat(RedisClientProperties.config(Map.of(), 750, 1)).as("nothing set: nothing built").isNull();
    }

    @Test
    void redisClientPropertiesNamingTwoKindsOfServersAreRefused() {
        assertThatThrownBy(() -> RedisClientProperties.config(Map.of("address", "redis://127.0.0.1:6379",
                "cluster-addresses", "redis://127.0.0.1:7000"), 750, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("session-stores.redis-client", "exactly one of");
        assertThatThrownBy(() -> RedisClientProperties.config(Map.of("adress", "redis://127.0.0.1:6379"), 750, 1))
                .hasMessageContainingAll("session-stores.redis-client.adress", "address, sentinel-master");
    }
}
