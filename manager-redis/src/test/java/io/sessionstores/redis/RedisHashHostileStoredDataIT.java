package io.sessionstores.redis;

import io.sessionstores.core.contract.HostileStoredDataContract;
import io.sessionstores.core.store.StoreException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.api.RMap;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * {@link HostileStoredDataContract} on Redis, hash mode, on this machine's Redis: the hostile
 * values are written with plain HSETs into the buckets where the store looks (a prefix of its own
 * per application), as anyone who can write to the server could.
 */
class RedisHashHostileStoredDataIT extends HostileStoredDataContract {

    private final String prefix = StoreFixture.uniquePrefix();
    private final Map<String, RedisSessionStore> writers = new ConcurrentHashMap<>();

    private String prefixOf(String app) {
        return prefix + app.substring(app.lastIndexOf('/') + 1) + ":";
    }

    @Override
    protected String storeXml(String app) {
        return "<Store className=\"" + RedisSessionStore.class.getName() + "\" address=\"" + StoreFixture.SHARED_REDIS
                + "\" mode=\"hash\" keyPrefix=\"" + prefixOf(app) + "\"/>";
    }

    private RedisSessionStore writer(String app) {
        return writers.computeIfAbsent(app, name -> {
            RedisSessionStore store = new RedisSessionStore();
            store.setAddress(StoreFixture.SHARED_REDIS);
            store.setMode("hash");
            store.setKeyPrefix(prefixOf(name));
            try {
                return new StoreFixture().start(store, name);
            } catch (StoreException e) {
                throw new IllegalStateException("cannot start the test's own store", e);
            }
        });
    }

    private RMap<byte[], byte[]> bucket(RedisSessionStore store, SessionLocation location) {
        return store.redisson().getMap(location.key(), ByteArrayCodec.INSTANCE);
    }

    @Override
    protected void putRaw(String app, String id, byte[] frame, long version) {
        RedisSessionStore store = writer(app);
        byte[] value = Arrays.copyOf(frame, frame.length + StoredValues.SUFFIX_LENGTH);
        SessionLocation location = store.layout().locate(id);
        bucket(store, location).fastPut(location.field(), value);
    }

    @Override
    protected byte[] getRaw(String app, String id) {
        RedisSessionStore store = writer(app);
        SessionLocation location = store.layout().locate(id);
        byte[] value = bucket(store, location).get(location.field());
        return value == null ? null : Arrays.copyOf(value, value.length - StoredValues.SUFFIX_LENGTH);
    }

    @Override
    protected void cleanUp(List<String> apps) {
        writers.values().forEach(store -> {
            StoreFixture.deleteKeys(store);
            store.stop();
        });
    }
}
