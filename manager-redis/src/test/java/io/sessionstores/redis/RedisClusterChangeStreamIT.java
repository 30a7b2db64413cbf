package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sessionstores.core.frame.Frames;
import io.sessionstores.testsupport.RedisServer;

/**
 * {@link RedisChangeStreamIT} on the shared 3-master Cluster ({@link RedisClusterExtension}): the
 * scripts announce on their slot's shard channel, numbered by their slot's counter
 * ({@link ShardedChangeStream}); and what only a Cluster has: a killed subscription on one master
 * is noticed and followed again.
 */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterChangeStreamIT extends RedisChangeStreamIT {

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }

    /**
     * The audit's bound (every counter read within ceil(slots / 2048) x 500 ms, its changes due
     * 2 s later: 6 s with every slot followed) and a loaded machine's margin.
     */
    @Override
    Duration lossBound() {
        return Duration.ofSeconds(20);
    }

    /**
     * Hash mode only: the two sessions share a bucket, hence a slot and its sequence. In string mode
     * each has a slot of its own, so the next change is numbered in another sequence, and the loss
     * is noticed by the counters' audit ({@link #aLostMessageIsNoticedAtTheNextHeartbeat}).
     */
    @Override
    @ParameterizedTest
    @ValueSource(strings = {"hash"})
    void aLostMessageIsNoticedAtTheNextChange(String mode) throws Exception {
        super.aLostMessageIsNoticedAtTheNextChange(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash", "string"})
    void aKilledSubscriptionIsNoticedAndFollowedAgain(String mode) throws Exception {
        start(mode);
        long t = fixture.now();
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "before"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID) + " 1");
        long before = System.nanoTime();

        for (RedisServer master : RedisClusterExtension.cluster().nodes()) {
            master.cli("CLIENT", "KILL", "TYPE", "pubsub");
        }

        String missed = recorder.awaitMissed(lossBound());
        long noticed = (System.nanoTime() - before) / 1_000_000;
        recorder.awaitFollowing(Duration.ofSeconds(30));
        System.out.printf("[changes] Cluster, %s mode (%d channels): CLIENT KILL TYPE pubsub noticed after %d ms (%s),"
                + " followed again after %d ms%n", mode, ((ShardedChangeStream) b.changeStream()).channelCount(),
                noticed, missed, (System.nanoTime() - before) / 1_000_000);
        assertThat(a.write(Frames.record(ID, 2, t + 1_800_000, t, "after"), 1)).isTrue();
        assertThat(recorder.nextChange(Duration.ofSeconds(10))).as("a change after the stream was followed again")
                .isEqualTo(key(ID) + " 2");
    }
}
