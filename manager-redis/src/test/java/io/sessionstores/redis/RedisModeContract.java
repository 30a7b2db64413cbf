package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.frame.FrameFormat;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.SessionRecord;

/**
 * What a Redis store must do beyond the SPI contract (which {@code *ContractIT} checks), for every
 * layout (hash/string mode, single server/Cluster), against a real server: safe key names,
 * garbage values read as "no session", applications kept apart. Subclasses configure the store.
 */
abstract class RedisModeContract {

    static final String ID = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
    static final String OTHER_ID = "0F1E2D3C4B5A69788796A5B4C3D2E1F0";
    static final long MINUTE = 60_000;

    final StoreFixture fixture = new StoreFixture();
    RedisSessionStore store;

    /** A new, configured, not yet started store. */
    abstract RedisSessionStore newStore();

    @BeforeEach
    void startStore() throws StoreException {
        store = fixture.start(newStore(), "/Catalina/localhost/contract");
    }

    @AfterEach
    void stopStore() {
        StoreFixture.deleteKeys(store);
        store.stop();
    }

    long now() {
        return fixture.now();
    }

    SessionRecord session(String id, long version, String body) {
        return Frames.record(id, version, now() + 30 * MINUTE, now(), body);
    }

    /** The public location and value (for redis-cli and own-client tools) are where and what the store writes. */
    @Test
    void locateNamesTheKeyAndFieldHoldingTheStoredValue() throws Exception {
        String routed = ID + ".node1";
        SessionRecord written = session(routed, 1, "located");
        assertThat(store.write(written, 0)).isTrue();

        SessionLocation at = store.locate(routed);
        SessionLocation internal = store.layout().locate(routed);
        assertThat(at.key()).isEqualTo(internal.key());
        assertThat(at.field()).isEqualTo(internal.field()).isNotSameAs(internal.field());
        assertThat(at.inHash()).isEqualTo(store.layout().mode() == StoreMode.HASH);
        // a routed id's field starts with the marker 00 01 and the route (SessionIdBytes)
        assertThat(at.cliField()).hasSize(4 * at.field().length)
                .startsWith(at.inHash() ? "\\x00\\x01\\x6e\\x6f\\x64\\x65\\x31" : "");
        assertThat(store.layout().mode().read(store.redisson(), at)).as("the value at the location")
                .isEqualTo(RedisSessionStore.storedValue(written));
        assertThatThrownBy(() -> RedisSessionStore.storedValue(new SessionRecord(routed, written.frame(), 2,
                written.expiresAt(), written.lastAccess(), written.maxInactive(), written.rawBytes())))
                .as("a record whose header disagrees, as write refuses it").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> newStore().locate(routed)).as("before start").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void idsThatAreNotTomcatShapedAreStoredSafelyAndApart() throws Exception {
        String[] ids = {"abc", "ABC", "a*b?[c]", "line\nbreak", "\u00e9t\u00e9", ID + ".node1", ID + ".node2", ID};
        for (int i = 0; i < ids.length; i++) {
            assertThat(store.write(session(ids[i], i + 1, "body" + i), 0)).as("write %s", i).isTrue();
        }
        for (int i = 0; i < ids.length; i++) {
            assertThat(store.read(ids[i]).version()).as("version of id #%s", i).isEqualTo(i + 1);
        }
        for (String key : store.redisson().getKeys().getKeysByPattern(store.layout().prefix() + "*")) {
            assertThat(key).as("key names hold only safe text").matches("[A-Za-z0-9:~._\\-]+");
        }
    }

    /**
     * After a restart or failover the server has forgotten the scripts: the write answered
     * NOSCRIPT (nothing ran) loads them and is made exactly once (run twice, its compare-and-set
     * would fail the second time).
     */
    @Test
    void writeOnAServerThatForgotTheScriptsLoadsThemAndWritesOnce() throws Exception {
        assertThat(store.write(session(ID, 1, "v1"), 0)).isTrue();
        store.redisson().getScript().scriptFlush();
        assertThat(store.write(session(ID, 2, "v2"), 1)).as("write after SCRIPT FLUSH").isTrue();
        assertThat(store.read(ID).version()).isEqualTo(2);
        assertThat(store.write(session(ID, 3, "v3"), 2)).as("the next write").isTrue();
    }

    @Test
    void applicationsWithTheDefaultPrefixDoNotSeeEachOthersSessions() throws Exception {
        RedisSessionStore shop = defaultPrefixStore("/Catalina/localhost/shop-" + System.nanoTime());
        RedisSessionStore blog = defaultPrefixStore("/Catalina/localhost/blog-" + System.nanoTime());
        try {
            assertThat(shop.layout().prefix()).matches("ss:[0-9a-f]{8}:").isNotEqualTo(blog.layout().prefix());
            assertThat(shop.write(session(ID, 1, "shop's"), 0)).isTrue();
            assertThat(blog.read(ID)).as("the same id in another application").isNull();
            assertThat(blog.write(session(ID, 1, "blog's"), 0)).as("another application's own session").isTrue();
            assertThat(new String(shop.read(ID).frame(), 44, 6)).isEqualTo("shop's");
        } finally {
            for (RedisSessionStore s : new RedisSessionStore[] {shop, blog}) {
                StoreFixture.deleteKeys(s);
                s.stop();
            }
        }
    }

    private RedisSessionStore defaultPrefixStore(String app) throws StoreException {
        RedisSessionStore s = newStore();
        s.setKeyPrefix(null);
        return fixture.start(s, app);
    }

    @Test
    void valuesThatAreNotFramesReadAsNoSession() throws Exception {
        long before = store.getCorruptFrames();
        String[] ids = {"10000000000000000000000000000001", "20000000000000000000000000000002",
                "30000000000000000000000000000003", "40000000000000000000000000000004"};
        byte[][] garbage = {
                "not a frame at all".getBytes(),
                {(byte) 0xAC, (byte) 0xED, 0, 5, 't', 0, 3, 'a', 'b', 'c'}, // Java serialization (Redisson's codec)
                "{\"@class\":\"java.util.HashMap\",\"a\":1}".getBytes(), // JSON codec
                java.util.Arrays.copyOf(Frames.frame(1, now() + MINUTE, now(), new byte[0]), 43), // truncated
        };
        for (int i = 0; i < ids.length; i++) {
            putRaw(ids[i], garbage[i]);
            assertThat(store.read(ids[i])).as("garbage #%s", i).isNull();
            assertThat(store.touch(ids[i], now(), now() + MINUTE)).as("touch of garbage #%s", i).isFalse();
        }
        byte[] otherVersion = Frames.frame(1, now() + MINUTE, now(), "x".getBytes());
        otherVersion[3] = 2;
        putRaw(ID, otherVersion);
        assertThat(store.read(ID)).as("frame of an unknown format version").isNull();
        assertThat(store.getCorruptFrames() - before).as("values counted as corrupt").isEqualTo(5);
        assertThat(store.write(session(ID, 1, "fresh"), 0)).as("a new session replaces garbage").isTrue();
    }

    @Test
    void frameWithValidMagicAndBadRecordVersionIsCorruptNotAStoreError() throws Exception {
        long before = store.getCorruptFrames();
        byte[] noVersion = Frames.frame(1, now() + MINUTE, now(), "x".getBytes());
        ByteBuffer.wrap(noVersion).putLong(FrameFormat.OFFSET_VERSION, 0);
        putRaw(ID, Arrays.copyOf(noVersion, noVersion.length + StoredValues.SUFFIX_LENGTH));
        assertThat(store.read(ID)).as("a frame whose record version is 0").isNull();
        assertThat(store.getCorruptFrames() - before).as("counted as corrupt").isEqualTo(1);
        assertThat(store.write(session(ID, 1, "fresh"), 0)).as("a fresh session replaces it").isTrue();
        assertThat(store.read(ID).version()).isEqualTo(1);
    }

    @Test
    void inconsistentRecordIsRefusedBeforeAnyRedisCall() {
        SessionRecord good = session(ID, 2, "x");
        SessionRecord lying = new SessionRecord(ID, good.frame(), 3, good.expiresAt(), good.lastAccess(), 1800, 10);
        assertThatThrownBy(() -> store.write(lying, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disagrees");
        SessionRecord notAFrame = new SessionRecord(ID, new byte[] {1, 2, 3}, 1, 0, 0, 0, 3);
        assertThatThrownBy(() -> store.write(notAFrame, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Puts raw bytes where the store keeps {@code id}'s value. */
    void putRaw(String id, byte[] value) {
        SessionLocation at = store.layout().locate(id);
        if (store.layout().mode() == StoreMode.HASH) {
            store.redisson().<byte[], byte[]>getMap(at.key(), org.redisson.client.codec.ByteArrayCodec.INSTANCE)
                    .fastPut(at.field(), value);
        } else {
            store.redisson().<byte[]>getBucket(at.key(), org.redisson.client.codec.ByteArrayCodec.INSTANCE).set(value);
        }
    }
}
