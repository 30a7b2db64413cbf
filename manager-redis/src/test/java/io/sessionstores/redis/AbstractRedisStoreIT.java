package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.StoredSession;

/**
 * What every Redis layout (hash/string mode, single server/Cluster) must do, against a real
 * server. Subclasses say how the store is configured.
 */
abstract class AbstractRedisStoreIT {

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

    StoredSession session(String id, long version, String body) {
        return TestFrames.record(id, version, now() + 30 * MINUTE, now(), body);
    }

    @Test
    void writtenRecordReadsBackByteForByte() throws Exception {
        byte[] body = new byte[700];
        new Random(42).nextBytes(body);
        StoredSession written = TestFrames.record(ID, 1, now() + 30 * MINUTE, now(), body);

        assertThat(store.write(written, 0)).as("first write of a new session").isTrue();
        StoredSession read = store.read(ID);

        assertThat(read).as("read after write").isNotNull();
        assertThat(read.frame()).as("frame bytes").isEqualTo(written.frame());
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.expiresAt()).isEqualTo(written.expiresAt());
        assertThat(read.lastAccess()).isEqualTo(written.lastAccess());
        assertThat(read.maxInactive()).isEqualTo(1800);
        assertThat(read.id()).isEqualTo(ID);
    }

    @Test
    void unknownIdReadsAsNull() throws Exception {
        assertThat(store.read(OTHER_ID)).isNull();
    }

    @Test
    void writeIsCompareAndSetOnTheVersion() throws Exception {
        assertThat(store.write(session(ID, 1, "v1"), 0)).isTrue();

        assertThat(store.write(session(ID, 2, "stale"), 0)).as("new-session write over a live one").isFalse();
        assertThat(store.write(session(ID, 3, "stale"), 2)).as("write expecting a version not stored").isFalse();
        assertThat(store.write(session(ID, 2, "v2"), 1)).as("write expecting the stored version").isTrue();

        StoredSession read = store.read(ID);
        assertThat(read.version()).isEqualTo(2);
        assertThat(new String(read.frame(), 44, 2)).isEqualTo("v2");
    }

    @Test
    void expiredRecordIsNeverReturnedAndMayBeReplacedAsNew() throws Exception {
        StoredSession shortLived = TestFrames.record(ID, 5, now() + 1000, now(), "old");
        assertThat(store.write(shortLived, 0)).isTrue();

        fixture.clock.addAndGet(1000);
        assertThat(store.read(ID)).as("read at the expiry instant").isNull();
        assertThat(store.touch(ID, now(), now() + MINUTE)).as("touch of an expired record").isFalse();
        assertThat(store.write(session(ID, 6, "again"), 5)).as("update of an expired record").isFalse();
        assertThat(store.write(session(ID, 1, "new"), 0)).as("new session over an expired leftover").isTrue();
        assertThat(store.read(ID).version()).isEqualTo(1);
    }

    @Test
    void sessionThatNeverExpiresStaysReadable() throws Exception {
        assertThat(store.write(TestFrames.record(ID, 1, StoredSession.NEVER_EXPIRES, now(), "x"), 0)).isTrue();
        fixture.clock.addAndGet(365L * 24 * 60 * MINUTE);
        assertThat(store.read(ID)).as("never-expiring session a year later").isNotNull();
        assertThat(store.touch(ID, now(), now() + MINUTE)).isTrue();
        assertThat(store.read(ID).expiresAt()).as("touch gives no expiry to a never-expiring session")
                .isEqualTo(StoredSession.NEVER_EXPIRES);
    }

    @Test
    void touchMovesExpiryLaterOnlyAndKeepsDataAndVersion() throws Exception {
        StoredSession written = session(ID, 3, "data");
        assertThat(store.write(written, 0)).isTrue();

        assertThat(store.touch(ID, now() + 5000, now() + 40 * MINUTE)).isTrue();
        StoredSession touched = store.read(ID);
        assertThat(touched.expiresAt()).isEqualTo(now() + 40 * MINUTE);
        assertThat(touched.lastAccess()).isEqualTo(now() + 5000);
        assertThat(touched.version()).as("touch keeps the version").isEqualTo(3);
        assertThat(new String(touched.frame(), 44, 4)).isEqualTo("data");
        assertThat(touched.frame().length).isEqualTo(written.frame().length);

        assertThat(store.touch(ID, now() + 1000, now() + 10 * MINUTE)).isTrue();
        StoredSession again = store.read(ID);
        assertThat(again.expiresAt()).as("an earlier expiry is ignored").isEqualTo(now() + 40 * MINUTE);
        assertThat(again.lastAccess()).as("an earlier last access is ignored").isEqualTo(now() + 5000);
        assertThat(store.touch(OTHER_ID, now(), now() + MINUTE)).as("touch of a missing session").isFalse();
    }

    @Test
    void changeIdMovesTheRecord() throws Exception {
        StoredSession written = session(ID, 4, "moving");
        assertThat(store.write(written, 0)).isTrue();

        assertThat(store.changeId(ID, OTHER_ID)).isTrue();

        assertThat(store.read(ID)).as("old id after the move").isNull();
        StoredSession moved = store.read(OTHER_ID);
        assertThat(moved).as("new id after the move").isNotNull();
        assertThat(moved.frame()).isEqualTo(written.frame());
        assertThat(moved.version()).isEqualTo(4);
        assertThat(store.changeId(ID, "1111111111111111")).as("move of a missing session").isFalse();
    }

    @Test
    void deleteAndDeleteIfVersion() throws Exception {
        assertThat(store.write(session(ID, 2, "a"), 0)).isTrue();
        assertThat(store.write(session(OTHER_ID, 1, "b"), 0)).isTrue();

        assertThat(store.deleteIfVersion(ID, 1)).as("delete with a stale version").isFalse();
        assertThat(store.read(ID)).isNotNull();
        assertThat(store.deleteIfVersion(ID, 2)).as("delete with the stored version").isTrue();
        assertThat(store.read(ID)).isNull();

        store.delete(OTHER_ID);
        store.delete(OTHER_ID);
        assertThat(store.read(OTHER_ID)).isNull();
    }

    @Test
    void countsStoredSessions() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(store.write(session(String.format("%04X", i * 4099) + ID.substring(4), 1, "s" + i), 0)).isTrue();
        }
        assertThat(store.count()).isEqualTo(5);
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

    @Test
    void concurrentCompareAndSetWritersLoseNoIncrement() throws Exception {
        assertThat(store.write(session(ID, 1, "0"), 0)).isTrue();
        int threads = 6;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(incrementer(perThread)));
            }
            for (Future<Integer> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        StoredSession last = store.read(ID);
        assertThat(last.version()).as("every increment is one successful CAS").isEqualTo(1 + threads * perThread);
        assertThat(new String(last.frame(), 44, last.frame().length - 44)).isEqualTo(String.valueOf(threads * perThread));
    }

    private Callable<Integer> incrementer(int times) {
        return () -> {
            int conflicts = 0;
            for (int done = 0; done < times; ) {
                StoredSession current = store.read(ID);
                int value = Integer.parseInt(new String(current.frame(), 44, current.frame().length - 44));
                StoredSession next = session(ID, current.version() + 1, String.valueOf(value + 1));
                if (store.write(next, current.version())) {
                    done++;
                } else {
                    conflicts++;
                }
            }
            return conflicts;
        };
    }

    @Test
    void applicationsDoNotSeeEachOthersSessions() throws Exception {
        RedisSessionStore other = fixture.start(newStore(), "/Catalina/localhost/other");
        try {
            if (!store.layout().prefix().equals(other.layout().prefix())) {
                assertThat(store.write(session(ID, 1, "mine"), 0)).isTrue();
                assertThat(other.read(ID)).as("another application's prefix").isNull();
            }
        } finally {
            StoreFixture.deleteKeys(other);
            other.stop();
        }
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
                java.util.Arrays.copyOf(TestFrames.frame(1, now() + MINUTE, now(), new byte[0]), 43), // truncated
        };
        for (int i = 0; i < ids.length; i++) {
            putRaw(ids[i], garbage[i]);
            assertThat(store.read(ids[i])).as("garbage #%s", i).isNull();
            assertThat(store.touch(ids[i], now(), now() + MINUTE)).as("touch of garbage #%s", i).isFalse();
        }
        byte[] otherVersion = TestFrames.frame(1, now() + MINUTE, now(), "x".getBytes());
        otherVersion[3] = 2;
        putRaw(ID, otherVersion);
        assertThat(store.read(ID)).as("frame of an unknown format version").isNull();
        assertThat(store.getCorruptFrames() - before).isEqualTo(5);
        assertThat(store.write(session(ID, 1, "fresh"), 0)).as("a new session replaces garbage").isTrue();
    }

    @Test
    void inconsistentRecordIsRefusedBeforeAnyRedisCall() {
        StoredSession good = session(ID, 2, "x");
        StoredSession lying = new StoredSession(ID, good.frame(), 3, good.expiresAt(), good.lastAccess(), 1800, 10);
        assertThatThrownBy(() -> store.write(lying, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disagrees");
        StoredSession notAFrame = new StoredSession(ID, new byte[] {1, 2, 3}, 1, 0, 0, 0, 3);
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
