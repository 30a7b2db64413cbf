package io.sessionstores.redis;

import io.sessionstores.core.contract.HostileStoredDataContract;
import io.sessionstores.core.store.StoreException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * {@link HostileStoredDataContract} on Redis in {@link #mode()} on {@link #target()}: the hostile
 * values are written with plain HSETs (hash mode) or SETs (string mode) where the store looks (a
 * prefix of its own per application), as anyone who can write to the server could.
 */
abstract class RedisHostileStoredDataContract extends HostileStoredDataContract {

    private final String prefix = StoreFixture.uniquePrefix();
    private final Map<String, RedisSessionStore> writers = new ConcurrentHashMap<>();

    /** The store's {@code mode} attribute. */
    abstract String mode();

    /** Where the stores connect: the shared Redis unless a Cluster test says otherwise. */
    RedisTarget target() {
        return RedisTarget.SHARED;
    }

    private String prefixOf(String app) {
        return prefix + app.substring(app.lastIndexOf('/') + 1) + ":";
    }

    @Override
    protected String storeXml(String app) {
        return StoreFixture.storeElement(target(), prefixOf(app), "mode", mode());
    }

    private RedisSessionStore writer(String app) {
        return writers.computeIfAbsent(app, name -> {
            RedisSessionStore store = new RedisSessionStore();
            target().connect(store);
            store.setMode(mode());
            store.setKeyPrefix(prefixOf(name));
            try {
                return new StoreFixture().start(store, name);
            } catch (StoreException e) {
                throw new IllegalStateException("cannot start the test's own store", e);
            }
        });
    }

    @Override
    protected void putRaw(String app, String id, byte[] frame, long version) {
        RedisSessionStore store = writer(app);
        byte[] value = Arrays.copyOf(frame, frame.length + StoredValues.SUFFIX_LENGTH);
        SessionLocation location = store.layout().locate(id);
        if (store.layout().mode() == StoreMode.STRING) {
            store.redisson().getBucket(location.key(), ByteArrayCodec.INSTANCE).set(value);
        } else {
            store.redisson().getMap(location.key(), ByteArrayCodec.INSTANCE).fastPut(location.field(), value);
        }
    }

    @Override
    protected byte[] getRaw(String app, String id) {
        RedisSessionStore store = writer(app);
        byte[] value = store.layout().mode().read(store.redisson(), store.layout().locate(id));
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
