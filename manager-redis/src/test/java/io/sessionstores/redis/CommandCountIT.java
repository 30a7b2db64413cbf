package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.testsupport.RedisServer;


/**
 * Round trips per store call, counted on a private redis-server (port 7121): a read is one
 * command (GET/HGET), a write, touch or version-checked delete one EVALSHA.
 */
class CommandCountIT {

    static final String ID = "5E551011D0000000000000000000ABCD";
    static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start(7121);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    final StoreFixture fixture = new StoreFixture();

    RedisSessionStore startStore(StoreMode mode, String app) throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress(server.address());
        store.setMode(mode.name());
        return fixture.start(store, app);
    }

    @ParameterizedTest
    @EnumSource(StoreMode.class)
    void eachCallIsOneCommand(StoreMode mode) throws Exception {
        RedisSessionStore store = startStore(mode, "/Catalina/localhost/count");
        long t = fixture.now();
        try (CommandCounter counter = new CommandCounter(server.port())) {
            // first write also probes once for per-field TTL: warm up outside the counted calls
            store.write(Frames.record("0" + ID.substring(1), 1, t + 60_000, t, "warm"), 0);

            List<String> read = counter.commandsDuring(() -> store.read(ID));
            List<String> write = counter.commandsDuring(() -> store.write(Frames.record(ID, 1, t + 60_000, t, "v1"), 0));
            List<String> readHit = counter.commandsDuring(() -> assertThat(store.read(ID)).isNotNull());
            List<String> update = counter.commandsDuring(() -> store.write(Frames.record(ID, 2, t + 60_000, t, "v2"), 1));
            List<String> touch = counter.commandsDuring(() -> store.touch(ID, t + 1, t + 90_000));
            List<String> deleteIfVersion = counter.commandsDuring(() -> store.deleteIfVersion(ID, 2));
            List<String> delete = counter.commandsDuring(() -> store.delete(ID));

            String get = mode == StoreMode.HASH ? "hget" : "get";
            assertThat(read).as("commands of a read (miss)").containsExactly(get);
            assertThat(readHit).as("commands of a read (hit)").containsExactly(get);
            assertThat(write).as("commands of a new-session write").containsExactly("evalsha");
            assertThat(update).as("commands of an update").containsExactly("evalsha");
            assertThat(touch).as("commands of a touch").containsExactly("evalsha");
            assertThat(deleteIfVersion).as("commands of deleteIfVersion").containsExactly("evalsha");
            assertThat(delete).as("commands of delete (announced on the change stream by the same script)")
                    .containsExactly("evalsha");
            System.out.printf("[round trips, %s mode] read %s, write %s, touch %s, delete %s%n", mode, read, write,
                    touch, delete);
        } finally {
            StoreFixture.deleteKeys(store);
            store.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreMode.class)
    void afterARestartTheScriptIsReloadedOnce(StoreMode mode) throws Exception {
        RedisSessionStore store = startStore(mode, "/Catalina/localhost/noscript");
        long t = fixture.now();
        try (CommandCounter counter = new CommandCounter(server.port())) {
            store.write(Frames.record(ID, 1, t + 60_000, t, "v1"), 0);
            server.cli("script", "flush");

            List<String> afterFlush = counter.commandsDuring(
                    () -> assertThat(store.write(Frames.record(ID, 2, t + 60_000, t, "v2"), 1)).isTrue());
            List<String> next = counter.commandsDuring(
                    () -> assertThat(store.write(Frames.record(ID, 3, t + 60_000, t, "v3"), 2)).isTrue());

            assertThat(afterFlush).as("NOSCRIPT, then SCRIPT LOAD and EVALSHA again").containsExactly("evalsha", "script",
                    "evalsha");
            assertThat(next).as("the write after").containsExactly("evalsha");
            assertThat(store.read(ID).version()).isEqualTo(3);
        } finally {
            StoreFixture.deleteKeys(store);
            store.stop();
        }
    }
}
