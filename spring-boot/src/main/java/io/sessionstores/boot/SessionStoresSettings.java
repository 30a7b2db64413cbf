package io.sessionstores.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.expiry.ExpiryValve;

/**
 * The {@code session-stores.*} properties, read once at start:
 * <ul>
 *   <li>{@code session-stores.store}: {@code redis}, {@code jdbc} or {@code cached-jdbc};</li>
 *   <li>{@code session-stores.manager.*}: the Manager's attributes;</li>
 *   <li>{@code session-stores.<store>.*}: the store's attributes ({@code cached-jdbc}: its own, the
 *       JDBC store's and the Redis store's, as in {@code context.xml});</li>
 *   <li>{@code session-stores.expiry-valve.enabled} (default {@code true}) and
 *       {@code session-stores.expiry-valve.*}: the expiry valve's attributes;</li>
 *   <li>{@code session-stores.redis-client.*}: Redis connection properties ({@link RedisClientProperties}).</li>
 * </ul>
 * Every attribute keeps the name (in kebab case), default and check it has in {@code context.xml}.
 */
final class SessionStoresSettings {

    static final String PREFIX = "session-stores";
    static final String MANAGER = PREFIX + ".manager";
    static final String VALVE = PREFIX + ".expiry-valve";
    static final String VALVE_ENABLED = "enabled";

    final StoreKind store;
    final Map<String, String> manager;
    final Map<String, String> storeAttributes;
    final Map<String, String> valve;
    final boolean valveEnabled;
    final Map<String, String> redisClient;

    private SessionStoresSettings(StoreKind store, Map<String, String> manager, Map<String, String> storeAttributes,
            Map<String, String> valve, boolean valveEnabled, Map<String, String> redisClient) {
        this.store = store;
        this.manager = manager;
        this.storeAttributes = storeAttributes;
        this.valve = valve;
        this.valveEnabled = valveEnabled;
        this.redisClient = redisClient;
    }

    static SessionStoresSettings bind(Environment env) {
        Binder binder = Binder.get(env);
        StoreKind store = StoreKind.parse(env.getProperty(StoreKind.PROPERTY));
        Map<String, String> valve = map(binder, VALVE);
        String enabled = valve.remove(VALVE_ENABLED);
        boolean valveEnabled = enabled == null || Boolean.parseBoolean(enabled.trim());
        if (enabled != null && !enabled.trim().equalsIgnoreCase("true") && !enabled.trim().equalsIgnoreCase("false")) {
            throw new ConfigException(VALVE + "." + VALVE_ENABLED, enabled, "true or false");
        }
        return new SessionStoresSettings(store, map(binder, MANAGER), map(binder, store.prefix()), valve, valveEnabled,
                map(binder, RedisClientProperties.PREFIX));
    }

    private static Map<String, String> map(Binder binder, String prefix) {
        return new LinkedHashMap<>(binder.bind(prefix, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    }

    /** The Manager's attributes as properties. */
    static Attributes managerAttributes() {
        return Attributes.of(MANAGER, SessionStoreManager.class);
    }

    /** The expiry valve's attributes as properties. */
    static Attributes valveAttributes() {
        return Attributes.of(VALVE, ExpiryValve.class);
    }

    /** The store's attributes as properties: one list for a store, three for cached-JDBC. */
    List<Attributes> storeAttributes() {
        if (store == StoreKind.CACHED_JDBC) {
            return List.of(Attributes.of(store.prefix(), store.storeClass()),
                    Attributes.of(store.prefix(), StoreKind.JDBC.storeClass()),
                    Attributes.of(store.prefix(), StoreKind.REDIS.storeClass()));
        }
        return List.of(Attributes.of(store.prefix(), store.storeClass()));
    }
}
