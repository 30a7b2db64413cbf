package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.ChangeRecorder;
import io.sessionstores.testsupport.RedisServer;

/**
 * The change stream when Redis fails under it, on a private redis-server (port 7131) the test
 * kills, restarts and disconnects: the follower says it may have missed changes, and follows
 * again once its heartbeats come back.
 */
class RedisChangeStreamFaultsIT {

    static final int PORT = 7131;
    static final String APP = "/Catalina/localhost/changes-faults";
    static final String ID = "FA0C4A6E000000000000000000000001";
    /** Redisson reconnects in the background, up to about 10 s here (docs/faults.md); a loaded machine's margin. */
    static final Duration RECOVERY = Duration.ofSeconds(30);

    final StoreFixture fixture = new StoreFixture();
    final ChangeRecorder recorder = new ChangeRecorder();
    RedisServer server;
    RedisSessionStore a;
    RedisSessionStore b;

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start(PORT);
        a = store();
        b = store();
        b.changeStream().follow(recorder);
        recorder.awaitFollowing(RECOVERY);
    }

    private RedisSessionStore store() throws Exception {
        RedisSessionStore s = new RedisSessionStore();
        s.setAddress("redis://127.0.0.1:" + PORT);
        s.setKeyPrefix("faults:");
        s.setTimeout(300);
        return fixture.start(s, APP);
    }

    @AfterEach
    void stop() throws Exception {
        for (RedisSessionStore s : new RedisSessionStore[] {b, a}) {
            if (s != null) {
                s.stop();
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aKilledSubscriptionIsNoticedAndFollowedAgain() throws Exception {
        long before = System.nanoTime();

        server.cli("CLIENT", "KILL", "TYPE", "pubsub");

        String missed = recorder.awaitMissed(Duration.ofSeconds(10));
        long noticed = (System.nanoTime() - before) / 1_000_000;
        recorder.awaitFollowing(RECOVERY);
        System.out.printf("[changes] CLIENT KILL TYPE pubsub noticed after %d ms (%s), followed again after %d ms%n",
                noticed, missed, (System.nanoTime() - before) / 1_000_000);
        long t = fixture.now();
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "after"), 0)).isTrue();
        assertThat(recorder.nextChange(Duration.ofSeconds(10))).as("a change after the stream was followed again")
                .isEqualTo(b.changeStream().keyOf(ID) + " 1");
    }

    @Test
    void aRedisRestartIsNoticedAndTheNewSequenceFollowed() throws Exception {
        long t = fixture.now();
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "before"), 0)).isTrue();
        assertThat(recorder.nextChange(Duration.ofSeconds(10))).isEqualTo(b.changeStream().keyOf(ID) + " 1");

        server.stop();
        server.start();

        recorder.awaitMissed(RECOVERY);
        recorder.awaitFollowing(RECOVERY);
        int missedBefore = recorder.missed.get();
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "after"), 0))
                .as("the session is gone with the restart (no persistence): a new one takes its id").isTrue();
        assertThat(recorder.nextChange(Duration.ofSeconds(10))).isEqualTo(b.changeStream().keyOf(ID) + " 1");
        Thread.sleep(3 * RedisChangeStream.HEARTBEAT_MILLIS);
        assertThat(recorder.missed.get()).as("missed events once the restarted server's sequence is followed")
                .isEqualTo(missedBefore);
        assertThat(recorder.isFollowing()).isTrue();
    }
}
