package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the scripts that change a session announce it ({@code prelude.lua}'s {@code announce}):
 * the channel, passed as the script's last argument, and the sequence counter the message is
 * numbered by, passed as the script's second key.
 * <ul>
 *   <li>On a single server (and Sentinel): one channel and one counter per application, both
 *       named {@code <keyPrefix>changes} ({@link RedisChangeStream}); {@code PUBLISH}.</li>
 *   <li>On a Redis Cluster a script may touch only the slot of the session's key, so every slot
 *       has its own counter and shard channel, both named {@code <keyPrefix>changes{<tag>}} where
 *       the tag ({@link ClusterSlots#tag}) puts them in the session key's slot; {@code SPUBLISH},
 *       so a message stays on the shard that holds the session ({@link ShardedChangeStream}).</li>
 * </ul>
 */
final class ChangeChannel {

    /**
     * The largest value a write's announcement carries: every node's subscription receives it,
     * and each node keeps the newest of a session it holds until a request takes it.
     */
    static final int MAX_CARRIED_BYTES = 16 * 1024;

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(ChangeChannel::sha1);

    /**
     * After how many writes in a row by one node a session other nodes may hold a copy of is
     * written with an announcement that carries no value, so that it is held by that node alone
     * from then on ({@code prelude.lua}'s {@code RESET_AFTER}).
     */
    static final int RESET_AFTER = 5;

    private static final byte[] NO_NODE = new byte[0];

    /** {@code <keyPrefix>changes}. */
    private final String name;
    /** {@code <keyPrefix>held}: the start of every session's holders key ({@link #heldKey}). */
    private final String held;
    private final int prefixLength;
    /** Hash mode: a session's holders are a field of a hash beside its bucket. */
    private final boolean byBucket;
    private final boolean sharded;
    private final byte[] channel;
    /** This node's id among a session's holders: random, new at every start of the store. */
    private final byte[] node = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
            .substring(0, 12).getBytes(StandardCharsets.US_ASCII);
    private volatile boolean holding;
    private volatile boolean holders = true;

    private ChangeChannel(String name, String held, int prefixLength, boolean byBucket, boolean sharded) {
        this.byBucket = byBucket;
        this.name = name;
        this.held = held;
        this.prefixLength = prefixLength;
        this.sharded = sharded;
        this.channel = name.getBytes(StandardCharsets.UTF_8);
    }

    /** The layout's channel and counter: one per application, or one per slot on a Cluster. */
    static ChangeChannel of(KeyLayout layout, boolean cluster) {
        return new ChangeChannel(layout.changesKey(), layout.heldKeyPrefix(), layout.prefix().length(),
                layout.mode() == StoreMode.HASH, cluster);
    }

    /**
     * Whether this node keeps copies that the change stream keeps exact: set when its stream
     * follows ({@link ChangeStream#follow}), cleared when it stops. While set, the node's reads and
     * writes register it among the session's holders ({@code read.lua}, {@code write.lua}) and its
     * writes of a session no other node may hold announce nothing; while clear, it reads with a
     * plain HGET or GET and every write is announced.
     */
    void holdCopies(boolean on) {
        holding = on && holders;
    }

    /** {@link #holdCopies} does nothing from now on (the cache of cached-JDBC). */
    void withoutHolders() {
        holders = false;
        holding = false;
    }

    boolean holdsCopies() {
        return holding;
    }

    /** This node's id among holders while it {@linkplain #holdCopies holds copies}, else empty. */
    byte[] holder() {
        return holding ? node : NO_NODE;
    }

    /**
     * The key naming who may hold a copy of the session at {@code at} ({@code prelude.lua}'s
     * {@code hold}). Hash mode: the hash beside the session's bucket, {@code <keyPrefix>held:<the
     * bucket's 4 hex digits>}, whose field of the session's name holds it; string mode: a key beside
     * the session, {@code <keyPrefix>held:<change key>}. On a Cluster {@code :} becomes {@code {<tag>}}
     * with the tag of the session key's slot, so that a script touches one slot.
     */
    String heldKey(SessionLocation at) {
        return held(at.key(), byBucket ? at.key().substring(prefixLength) : keyOf(at));
    }

    /** The holders hash beside bucket {@code bucketKey} (hash mode: its sweep deletes from both). */
    String heldKeyOfBucket(String bucketKey) {
        return held(bucketKey, bucketKey.substring(prefixLength));
    }

    private String held(String key, String name) {
        return sharded ? held + "{" + ClusterSlots.tag(ClusterSlots.slot(key)) + "}" + name : held + ":" + name;
    }

    /** The KEYS of a bucket's sweep: the bucket, the counter of its changes, its holders hash. */
    List<Object> sweepKeys(String bucketKey) {
        return List.of(bucketKey, nameFor(bucketKey), heldKeyOfBucket(bucketKey));
    }

    /**
     * The KEYS of a script run for the session at {@code at}: its key, the counter of its changes
     * and its holders key.
     */
    List<Object> keys(SessionLocation at) {
        return List.of(at.key(), nameFor(at.key()), heldKey(at));
    }

    /** The channel (and counter key) of the application; on a Cluster, that of slot {@code slot}. */
    String name(int slot) {
        return sharded ? name + "{" + ClusterSlots.tag(slot) + "}" : name;
    }

    /** The channel (and counter key) of a change of something stored under {@code key}. */
    String nameFor(String key) {
        return sharded ? name(ClusterSlots.slot(key)) : name;
    }

    /** {@code args} followed by the channel of {@code key}'s changes: the ARGV of a script that may announce. */
    byte[][] withChannel(String key, byte[]... args) {
        byte[][] all = new byte[args.length + 1][];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = channel(key);
        return all;
    }

    /**
     * Whether a write's announcement carries the value it stored, so that a node holding the
     * session takes it instead of reading it ({@code prelude.lua}'s {@code announce}): values up to
     * {@link #MAX_CARRIED_BYTES}, on a single server's channel only (a Cluster's shard channels
     * carry changes only, and each node's subscriptions there decode text).
     */
    boolean carries(int valueLength) {
        return !sharded && valueLength <= MAX_CARRIED_BYTES;
    }

    /** The channel of a change of something stored under {@code key}, as the scripts' last argument. */
    byte[] channel(String key) {
        return sharded ? nameFor(key).getBytes(StandardCharsets.UTF_8) : channel;
    }

    /**
     * The key under which session {@code id} is announced: the first 16 hex digits of the SHA-1 of
     * its Redis key, a zero byte and its field ({@code prelude.lua}'s {@code change_key}).
     */
    static String keyOf(KeyLayout layout, String id) {
        return keyOf(layout.locate(id));
    }

    /** {@link #keyOf(KeyLayout, String)} of the session at {@code at}. */
    static String keyOf(SessionLocation at) {
        MessageDigest digest = SHA1.get();
        digest.update(at.key().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(at.field());
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
