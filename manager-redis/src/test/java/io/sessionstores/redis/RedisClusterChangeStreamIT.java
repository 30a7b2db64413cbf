package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
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

    /** A shard channel's messages carry changes only ({@link ChangeChannel#carries}). */
    @Override
    boolean carriesRecords() {
        return false;
    }

    /** Each slot's messages come in order on its shard's connection; two slots' need not. */
    @Override
    boolean orderedAcrossSessions() {
        return false;
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

    /**
     * A slot moved to another master while the stream is followed (as {@code redis-cli --cluster
     * reshard} moves it: keys migrated, then the slot assigned): the change made on the new master
     * is delivered, or the follower says it may have missed it; either way it follows again and
     * gets the next change from the new master.
     */
    @Test
    void aSlotMovedToAnotherMasterIsFollowedThere() throws Exception {
        start("hash");
        long t = fixture.now();
        assertThat(a.write(Frames.record(ID, 1, t + 1_800_000, t, "before"), 0)).isTrue();
        assertThat(next()).isEqualTo(key(ID) + " 1");
        int slot = ClusterSlots.slot(a.layout().locate(ID).key());
        long before = System.nanoTime();

        String moved = moveSlot(slot);

        assertThat(a.write(Frames.record(ID, 2, t + 1_800_000, t, "moved"), 1)).isTrue();
        String after = recorder.events.poll(lossBound().toMillis(), TimeUnit.MILLISECONDS);
        while (after != null && after.equals("following")) {
            after = recorder.events.poll(lossBound().toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(after).as("the change on the new master, or a missed event").isNotNull()
                .matches(e -> e.equals(key(ID) + " 2") || e.startsWith("missed"));
        recorder.awaitFollowing(Duration.ofSeconds(30));
        System.out.printf("[changes] Cluster: slot %d moved %s: first event after the move's change: %s; following again"
                + " after %d ms%n", slot, moved, after, (System.nanoTime() - before) / 1_000_000);
        assertThat(a.write(Frames.record(ID, 3, t + 1_800_000, t, "later"), 2)).isTrue();
        String later = recorder.nextChange(lossBound());
        assertThat(later).as("a change on the new master once followed again").isEqualTo(key(ID) + " 3");
    }

    /** Moves {@code slot} with its keys from its master to the next one; says from where to where. */
    private static String moveSlot(int slot) {
        List<RedisServer> masters = RedisClusterExtension.cluster().nodes();
        int from = -1;
        for (int i = 0; i < masters.size(); i++) {
            if (ownsSlot(masters.get(i), slot)) {
                from = i;
            }
        }
        assertThat(from).as("the master of slot %d", slot).isNotNegative();
        RedisServer source = masters.get(from);
        RedisServer target = masters.get((from + 1) % masters.size());
        String sourceId = source.cli("CLUSTER", "MYID").trim();
        String targetId = target.cli("CLUSTER", "MYID").trim();
        String s = Integer.toString(slot);
        assertThat(target.cli("CLUSTER", "SETSLOT", s, "IMPORTING", sourceId)).startsWith("OK");
        assertThat(source.cli("CLUSTER", "SETSLOT", s, "MIGRATING", targetId)).startsWith("OK");
        while (true) {
            List<String> keys = source.cli("CLUSTER", "GETKEYSINSLOT", s, "100").lines().filter(k -> !k.isBlank())
                    .toList();
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()), "",
                    "0", "5000", "KEYS"));
            migrate.addAll(keys);
            assertThat(source.cli(migrate.toArray(String[]::new))).startsWith("OK");
        }
        for (RedisServer master : masters) {
            assertThat(master.cli("CLUSTER", "SETSLOT", s, "NODE", targetId)).startsWith("OK");
        }
        return "from " + source.port() + " to " + target.port();
    }

    /** Whether {@code master}'s own line of CLUSTER NODES lists {@code slot}. */
    private static boolean ownsSlot(RedisServer master, int slot) {
        for (String line : master.cli("CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("myself")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                String[] range = f[i].split("-");
                int low = Integer.parseInt(range[0]);
                int high = range.length > 1 ? Integer.parseInt(range[1]) : low;
                if (slot >= low && slot <= high) {
                    return true;
                }
            }
        }
        return false;
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
