package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
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
    void aSessionKeyItsChangeCounterAndItsHoldersShareTheSlot() {
        KeyLayout layout = new KeyLayout(StoreMode.HASH, "ss:1234abcd:", 65536, new HexPrefixBucketGenerator());
        KeyLayout stringLayout = new KeyLayout(StoreMode.STRING, "ss:1234abcd:", 0, new HexPrefixBucketGenerator());
        for (KeyLayout each : List.of(layout, stringLayout)) {
            ChangeChannel changes = ChangeChannel.of(each, true);
            for (String id : new String[] {"0000ABCD", "FFFF0000", "C4A6E000000000000000000000000001"}) {
                SessionLocation at = each.locate(id);
                List<Object> keys = changes.keys(at);
                assertThat(keys).hasSize(3).first().isEqualTo(at.key());
                assertThat(keys.stream().map(k -> ClusterSlots.slot((String) k)).distinct()).as(id).hasSize(1);
                assertThat(new String(changes.channel(at.key()))).isEqualTo(keys.get(1));
                assertThat(changes.sweepKeys(at.key())).hasSize(3);
                assertThat(ClusterSlots.slot((String) changes.sweepKeys(at.key()).get(2)))
                        .isEqualTo(ClusterSlots.slot(at.key()));
            }
        }
        assertThat(ShardedChangeStream.followedSlots(layout).length).as("slots of 65,536 buckets")
                .isBetween(12_000, ClusterSlots.SLOTS);
        KeyLayout small = new KeyLayout(StoreMode.HASH, "ss:1234abcd:", 256, new HexPrefixBucketGenerator());
        assertThat(ShardedChangeStream.followedSlots(small).length).as("slots of 256 buckets").isBetween(240, 256);
        assertThat(ShardedChangeStream.followedSlots(stringLayout).length).as("slots of string mode")
                .isEqualTo(ClusterSlots.SLOTS);
        SessionLocation bucket = layout.locate("C4A6E000000000000000000000000001");
        assertThat(ChangeChannel.of(layout, false).keys(bucket)).as("hash mode: the holders hash beside the bucket")
                .containsExactly("ss:1234abcd:c4a6", "ss:1234abcd:changes", "ss:1234abcd:held:c4a6");
        SessionLocation key = stringLayout.locate("C4A6E000000000000000000000000001");
        assertThat(ChangeChannel.of(stringLayout, false).keys(key).get(2)).as("string mode: a key beside the session")
                .isEqualTo("ss:1234abcd:held:" + ChangeChannel.keyOf(key));
    }
}
