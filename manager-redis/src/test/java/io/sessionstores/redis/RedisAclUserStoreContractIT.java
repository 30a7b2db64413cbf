package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.ChangeRecorder;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.testsupport.RedisServer;

/**
 * The store contract run as a Redis ACL user allowed exactly the commands the README lists
 * ({@link #COMMANDS}), on a private server (port 7233) whose {@code maxmemory-policy} could evict
 * sessions: the store works with that list, the policy is warned about for a user that may read
 * it, and skipped with an info line for one that may not.
 */
class RedisAclUserStoreContractIT extends RedisStoreContract {

    static final int PORT = 7233;
    /** The README's list for a single server in hash and string mode (Redis 7.0: no HPEXPIRE yet). */
    static final String COMMANDS = "+get +set +setnx +del +incr +incrby +scan +hget +hset +hdel +hlen +hscan +hgetall +eval"
            + " +evalsha +script|load +ping +wait +time +publish +subscribe +unsubscribe";
    static final String USER = "sessions";
    static final String PASSWORD = "acl-test-secret";

    static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start(PORT, "--maxmemory-policy", "allkeys-lru");
        List<String> acl = new ArrayList<>(List.of("acl", "setuser", USER, "reset", "on", ">" + PASSWORD, "~it:*",
                "~ss:*", "resetchannels", "&it:*", "&ss:*", "-@all"));
        acl.addAll(List.of(COMMANDS.split(" ")));
        assertThat(server.cli(acl.toArray(String[]::new))).contains("OK");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    void configure(RedisSessionStore store) {
        store.setAddress("redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + PORT);
    }

    @Test
    void sweepAndCountWorkAsTheAclUser() throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        configure(store);
        store.setKeyPrefix(StoreFixture.uniquePrefix());
        store.setBucketCount(16);
        StoreFixture fixture = new StoreFixture();
        fixture.start(store, "/Catalina/localhost/acl-sweep");
        try {
            long now = fixture.now();
            assertThat(store.write(Frames.record("AB000000000000000000000000000001", 1, now + 1000, now, "x"), 0))
                    .isTrue();
            fixture.clock.addAndGet(2000 + SessionStore.EXPIRED_RECORD_GRACE_MILLIS);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.sweep(fixture.now(), 16, 10_000).deleted()).isEqualTo(1);
            store.backgroundProcess();
        } finally {
            StoreFixture.deleteKeys(store);
            store.stop();
        }
    }

    @Test
    void theChangeStreamIsFollowedAsTheAclUser() throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        configure(store);
        store.setKeyPrefix(StoreFixture.uniquePrefix());
        StoreFixture fixture = new StoreFixture();
        fixture.start(store, "/Catalina/localhost/acl-changes");
        ChangeRecorder recorder = new ChangeRecorder();
        store.changeStream().follow(recorder);
        try {
            recorder.awaitFollowing(java.time.Duration.ofSeconds(10));
            long now = fixture.now();
            String id = "AB000000000000000000000000000002";
            assertThat(store.write(Frames.record(id, 1, now + 60_000, now, "x"), 0)).isTrue();
            assertThat(store.read(id)).as("read with the holders' record (read.lua)").isNotNull();
            store.delete(id);
            assertThat(recorder.nextChange(java.time.Duration.ofSeconds(10)))
                    .as("the delete (the creation by the only holder announced nothing)")
                    .isEqualTo(store.changeStream().keyOf(id) + " gone");
            assertThat(recorder.missed.get()).isZero();
        } finally {
            store.changeStream().stop();
            StoreFixture.deleteKeys(store);
            store.stop();
        }
    }

    @Test
    void evictingMaxmemoryPolicyIsWarnedAtStartOrSkippedWithoutConfigPermission() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(RedisSessionStore.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            startAndStop(server.address());
            assertThat(records).as("warning for the default user").anyMatch(r -> r.getLevel().getName().equals("WARNING")
                    && r.getMessage().contains("maxmemory-policy allkeys-lru"));
            records.clear();
            startAndStop("redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + PORT);
            assertThat(records).as("info line for a user without CONFIG").anyMatch(r -> r.getLevel().getName()
                    .equals("INFO") && r.getMessage().contains("maxmemory-policy not checked"));
        } finally {
            logger.removeHandler(handler);
        }
    }

    private static void startAndStop(String address) throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress(address);
        store.setKeyPrefix(StoreFixture.uniquePrefix());
        new StoreFixture().start(store, "/Catalina/localhost/acl-policy");
        StoreFixture.deleteKeys(store);
        store.stop();
    }
}
