package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Redis Cluster's slots as the server computes them (the expected values are what
 * {@code CLUSTER KEYSLOT} of Redis 7.0.15 answered), and the slot tags the Cluster change stream
 * names its counters and channels with: they must never change (nodes of two versions would count
 * a slot's changes under two names).
 */
class ClusterSlotsTest {

    @Test
    void aKeyHashesAsRedisClusterHashesIt() {
        assertThat(ClusterSlots.slot("p:0000")).isEqualTo(5462);
        assertThat(ClusterSlots.slot("p:cha")).isEqualTo(9723);
        assertThat(ClusterSlots.slot("p:chb")).isEqualTo(5528);
        assertThat(ClusterSlots.slot("p:changes{x}")).as("only the hash tag counts").isEqualTo(ClusterSlots.slot("x"))
                .isEqualTo(16287);
        assertThat(ClusterSlots.slot("a{}b")).as("an empty tag is no tag").isEqualTo(13694);
        assertThat(ClusterSlots.slot("{}a{b}")).as("only the first brace opens a tag").isEqualTo(16175);
        assertThat(ClusterSlots.slot("{a}{b}")).as("the first tag").isEqualTo(ClusterSlots.slot("a")).isEqualTo(15495);
    }

    @Test
    void everySlotHasAShortTagOfItsOwnThatHashesToIt() {
        Set<String> tags = new HashSet<>();
        for (int slot = 0; slot < ClusterSlots.SLOTS; slot++) {
            String tag = ClusterSlots.tag(slot);
            assertThat(tag).matches("[0-9a-z]{1,4}");
            assertThat(ClusterSlots.slot("ss:1234abcd:changes{" + tag + "}")).isEqualTo(slot);
            tags.add(tag);
        }
        assertThat(tags).hasSize(ClusterSlots.SLOTS);
    }

    @Test
    void theTagsNeverChange() {
        assertThat(new String[] {ClusterSlots.tag(0), ClusterSlots.tag(5462), ClusterSlots.tag(16383)})
                .containsExactly(TAG_0, TAG_5462, TAG_16383);
    }

    // the table as first shipped (ClusterSlots' enumeration): a changed table is a changed wire format
    private static final String TAG_0 = "1bz";
    private static final String TAG_5462 = "450";
    private static final String TAG_16383 = "hia";

    @Test
    void aSessionKeyAndItsChangeCounterShareTheSlot() {
        KeyLayout layout = new KeyLayout(StoreMode.HASH, "ss:1234abcd:", 65536, new HexPrefixBucketGenerator());
        ChangeChannel changes = ChangeChannel.of(layout, true);
        for (String id : new String[] {"0000ABCD", "FFFF0000", "C4A6E000000000000000000000000001"}) {
            String key = layout.locate(id).key();
            assertThat(changes.keys(key)).hasSize(2);
            assertThat(ClusterSlots.slot((String) changes.keys(key).get(1))).isEqualTo(ClusterSlots.slot(key));
            assertThat(new String(changes.channel(key))).isEqualTo(changes.keys(key).get(1));
        }
        assertThat(ShardedChangeStream.followedSlots(layout).length).as("slots of 65,536 buckets")
                .isBetween(12_000, ClusterSlots.SLOTS);
        KeyLayout small = new KeyLayout(StoreMode.HASH, "ss:1234abcd:", 256, new HexPrefixBucketGenerator());
        assertThat(ShardedChangeStream.followedSlots(small).length).as("slots of 256 buckets").isBetween(240, 256);
        KeyLayout strings = new KeyLayout(StoreMode.STRING, "ss:1234abcd:", 0, new HexPrefixBucketGenerator());
        assertThat(ShardedChangeStream.followedSlots(strings).length).as("slots of string mode")
                .isEqualTo(ClusterSlots.SLOTS);
        assertThat(ChangeChannel.of(layout, false).keys("k")).containsExactly("k", "ss:1234abcd:changes");
    }
}
