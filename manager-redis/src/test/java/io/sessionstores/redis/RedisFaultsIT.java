package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.testsupport.RedisServer;

/**
 * Redis down at start, stopped under a running store, restarted: on a private redis-server
 * (port 7120) that the test stops and starts. Every failing call ends within a bound with a
 * {@link StoreException}; nothing hangs; the store works again once Redis is back.
 */
class RedisFaultsIT {

    static final int PORT = 7120;
    static final String ID = "FA0175000000000000000000000000AB";
    /**
     * timeout 300 ms, 1 retry (plus Redisson's retry delay, 1 to 2 s): a failing call must end
     * within this, with a loaded machine's margin; what it catches is a call that hangs.
     */
    static final Duration BOUND = Duration.ofSeconds(10);
    /** Redisson reconnects in the background, up to about 10 s here (docs/faults.md); a loaded machine's margin. */
    static final Duration RECOVERY = Duration.ofSeconds(30);

    final StoreFixture fixture = new StoreFixture();
    RedisServer server;
    RedisSessionStore store;

    RedisSessionStore newStore() {
        RedisSessionStore s = new RedisSessionStore();
        s.setAddress("redis://127.0.0.1:" + PORT);
        s.setTimeout(300);
        s.setRetryAttempts(1);
        return s;
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (store != null) {
            store.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    long t() {
        return fixture.now();
    }

    @Test
    void storeStartsWithRedisDownAndWorksOnceRedisIsUp() throws Exception {
        RedisServer.cli(PORT, "shutdown", "nosave");
        long started = System.nanoTime();
        store = fixture.start(newStore(), "/Catalina/localhost/faults");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("start with Redis down").isLessThan(BOUND);

        assertFailsWithinBound(() -> store.read(ID));
        assertFailsWithinBound(() -> store.write(Frames.record(ID, 1, t() + 60_000, t(), "x"), 0));

        server = RedisServer.start(PORT);
        assertThat(store.write(Frames.record(ID, 1, t() + 60_000, t(), "x"), 0)).as("write once Redis is up").isTrue();
        assertThat(store.read(ID)).isNotNull();
    }

    @Test
    void redisStoppedUnderARunningStoreFailsFastThenRecovers() throws Exception {
        server = RedisServer.start(PORT);
        store = fixture.start(newStore(), "/Catalina/localhost/faults");
        assertThat(store.write(Frames.record(ID, 1, t() + 60_000, t(), "before"), 0)).isTrue();

        server.stop();
        assertFailsWithinBound(() -> store.read(ID));
        assertFailsWithinBound(() -> store.write(Frames.record(ID, 2, t() + 60_000, t(), "during"), 1));
        assertFailsWithinBound(() -> store.touch(ID, t(), t() + 90_000));
        assertFailsWithinBound(() -> store.sweep(t(), 10, 1000));

        server.start(); // no persistence: the session is gone, and the scripts too (NOSCRIPT)
        assertThat(recovered(() -> store.read(ID))).as("a session written before a restart without persistence").isNull();
        assertThat(store.write(Frames.record(ID, 1, t() + 60_000, t(), "after"), 0)).as("write after restart").isTrue();
        assertThat(store.touch(ID, t(), t() + 90_000)).as("touch after restart").isTrue();
        assertThat(store.sweep(t(), 10, 1000).buckets()).as("sweep after restart").isEqualTo(10);
        assertThat(store.read(ID).version()).isEqualTo(1);
    }

    @Test
    void sessionsSurviveARestartWithPersistence() throws Exception {
        server = RedisServer.start(PORT, "--appendonly", "yes", "--appendfsync", "always");
        store = fixture.start(newStore(), "/Catalina/localhost/faults");
        assertThat(store.write(Frames.record(ID, 1, t() + 60_000, t(), "kept"), 0)).isTrue();

        server.stop();
        server.start();

        assertThat(recovered(() -> store.read(ID))).as("a session written before a restart with AOF").isNotNull();
        assertThat(store.write(Frames.record(ID, 2, t() + 60_000, t(), "next"), 1)).isTrue();
    }

    /**
     * The first result of {@code call} once Redisson has replaced the connections the restart
     * broke: calls before that fail with StoreException (bounded, no hang); Redisson reconnects
     * in the background, which must take less than {@link #RECOVERY}.
     */
    private <T> T recovered(Callable<T> call) throws Exception {
        long started = System.nanoTime();
        int failures = 0;
        while (true) {
            try {
                T result = call.call();
                System.out.printf("[faults] store usable %d ms after the restart, %d call(s) failed meanwhile%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), failures);
                return result;
            } catch (StoreException e) {
                failures++;
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("recovery after restart; last error: %s",
                        e.getMessage()).isLessThan(RECOVERY);
                Thread.sleep(50);
            }
        }
    }

    private void assertFailsWithinBound(ThrowingCall call) {
        long started = System.nanoTime();
        assertThatThrownBy(call::run).isInstanceOf(StoreException.class).hasMessageContaining("Redis")
                .hasMessageNotContaining(ID);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time until the call failed").isLessThan(BOUND);
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
