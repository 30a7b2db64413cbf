package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.store.ChangeRecorder;
import io.sessionstores.core.store.StoreException;

/** {@link ReplicatedRedisContract} on Sentinel: master 7230, replica 7231, one sentinel 7232. */
class SentinelIT extends ReplicatedRedisContract {

    @Override
    ReplicatedRedis startRedis() throws Exception {
        return ReplicatedRedis.sentinel();
    }

    @Override
    String topology() {
        return "Sentinel";
    }

    /**
     * The change stream across a failover (a Cluster has none): the follower says it may have
     * missed changes, follows the promoted master once its heartbeats come back, and gets the
     * changes made there.
     */
    @Test
    void theChangeStreamIsFollowedOnThePromotedMasterAfterAFailover() throws Exception {
        RedisSessionStore writer = store("/Catalina/localhost/stream", 0);
        RedisSessionStore follower = store("/Catalina/localhost/stream", 0);
        ChangeRecorder recorder = new ChangeRecorder();
        follower.changeStream().follow(recorder);
        recorder.awaitFollowing(Duration.ofSeconds(30));
        long t = now();
        assertThat(writer.write(Frames.record(ID, 1, t + 30 * MINUTE, t, "before"), 0)).isTrue();
        String key = follower.changeStream().keyOf(ID);
        assertThat(recorder.nextChange(Duration.ofSeconds(10))).isEqualTo(key + " 1");
        String sessionKey = writer.layout().locate(ID).key();
        int master = redis.masterPort(sessionKey);
        long killed = System.nanoTime();

        redis.kill(master);
        redis.awaitNewMaster(sessionKey, master);

        String missed = recorder.awaitMissed(Duration.ofSeconds(60));
        recorder.awaitFollowing(Duration.ofSeconds(60));
        System.out.printf("[failover figures] Sentinel: the change stream was followed again %d ms after the"
                + " master's SIGKILL (%s)%n", (System.nanoTime() - killed) / 1_000_000, missed);
        ReplicatedRedis.await("a write on the promoted master", () -> {
            try { // version 2 over the replicated version 1, or version 1 if replication had not carried it
                return writer.write(Frames.record(ID, 2, t + 30 * MINUTE, t, "after"), 1)
                        || writer.write(Frames.record(ID, 1, t + 30 * MINUTE, t, "after"), 0);
            } catch (StoreException e) {
                return false; // the client has not found the promoted master yet
            }
        });
        assertThat(recorder.nextChange(Duration.ofSeconds(10))).as("a change made on the promoted master")
                .startsWith(key + " ");
    }
}
