package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import javax.management.ObjectName;

import org.apache.tomcat.util.modeler.Registry;
import org.junit.jupiter.api.Test;

/**
 * JMX's {@code keyPrefix} of the Redis store is the prefix the store uses: an operator saw
 * {@code null} when the attribute was not set, while every key began with the prefix derived from
 * the application name. Registered through Tomcat's modeler as the Manager registers the store.
 */
class KeyPrefixInJmxIT {

    private final StoreFixture fixture = new StoreFixture();

    /** The store started for a new application, in JMX as {@code type=Store}; returns what JMX shows as keyPrefix. */
    private String keyPrefixShown(RedisSessionStore store) throws Exception {
        String app = "/kp" + UUID.randomUUID().toString().substring(0, 8);
        ObjectName name = new ObjectName("Catalina:type=Store,host=localhost,context=" + app);
        store.setAddress(StoreFixture.SHARED_REDIS);
        store.setBucketCount(1);
        fixture.start(store, "/Catalina/localhost" + app);
        Registry.getRegistry(null, null).registerComponent(store, name, null);
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "keyPrefix");
        } finally {
            Registry.getRegistry(null, null).unregisterComponent(name);
            StoreFixture.deleteKeys(store);
            store.stop();
        }
    }

    @Test
    void keyPrefixNotSetShowsTheDerivedPrefixInUse() throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        String shown = keyPrefixShown(store);
        assertThat(shown).as("keyPrefix in JMX").isNotNull().matches("ss:[0-9a-f]{8}:")
                .isEqualTo(store.layout().prefix());
        assertThat(store.getKeyPrefix()).as("the attribute as set (none)").isNull();
    }

    @Test
    void keyPrefixSetShowsIt() throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        String prefix = StoreFixture.uniquePrefix();
        store.setKeyPrefix(prefix);
        assertThat(keyPrefixShown(store)).isEqualTo(prefix);
    }
}
