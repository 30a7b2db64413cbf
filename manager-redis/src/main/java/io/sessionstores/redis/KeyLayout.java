package io.sessionstores.redis;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The key layout of one store: which key (and, in hash mode, which field) holds a session.
 * Every key starts with the store's prefix and contains nothing but the prefix, hex digits and
 * Tomcat-shaped ids (see {@link SessionIdBytes}).
 */
final class KeyLayout {

    /** The name of the prefix in {@link #describe()}. */
    static final String PREFIX_NAME = "keyPrefix";

    private final StoreMode mode;
    private final String prefix;
    private final int bucketCount;
    private final BucketGenerator buckets;

    KeyLayout(StoreMode mode, String prefix, int bucketCount, BucketGenerator buckets) {
        this.mode = mode;
        this.prefix = prefix;
        this.bucketCount = bucketCount;
        this.buckets = buckets;
    }

    SessionLocation locate(String id) {
        if (mode == StoreMode.STRING) {
            return new SessionLocation(prefix + SessionIdBytes.keyPart(id), new byte[0]);
        }
        return new SessionLocation(bucketKey(buckets.bucket(id, bucketCount)), SessionIdBytes.field(id));
    }

    /** The key of bucket {@code index}: prefix + four lower-case hex digits. */
    String bucketKey(int index) {
        return prefix + HexFormat.of().toHexDigits((short) index);
    }

    /** The small key holding the position of the expiry sweep (hash mode). */
    String sweepCursorKey() {
        return prefix + "sweep";
    }

    /** The small hash of big buckets whose sweep a time budget interrupted (index to HSCAN cursor). */
    String sweepUnfinishedKey() {
        return prefix + "sweep-unfinished";
    }

    /** The expiry valve's lease: which node deletes expired sessions (hash mode), until when. */
    String expiryLeaseKey() {
        return prefix + "expiry-lease";
    }

    /**
     * The change stream's name: the channel its messages are published on and the key of its
     * sequence counter ({@link RedisChangeStream}); on a Cluster, the start of every slot's
     * channel and counter ({@link ChangeChannel}).
     */
    String changesKey() {
        return prefix + "changes";
    }

    /**
     * The start of the keys naming who may hold a copy of a session ({@link ChangeChannel#heldKey}):
     * {@code <keyPrefix>held}.
     */
    String heldKeyPrefix() {
        return prefix + "held";
    }

    /** The key used once to probe for per-field TTL support. */
    String probeKey() {
        return prefix + "probe";
    }

    /** Glob matching every session key of this store in string mode (tools and count only). */
    String stringKeyPattern() {
        return globEscape(prefix) + "*";
    }

    /** {@code text} with the glob characters of SCAN MATCH escaped. */
    static String globEscape(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** The settings that decide where a session lives, as recorded by {@link LayoutDescriptor}. */
    String describe() {
        String where = "mode=" + mode.name().toLowerCase(Locale.ROOT) + ", " + PREFIX_NAME + "=" + prefix;
        return mode == StoreMode.STRING ? where
                : where + ", bucketCount=" + bucketCount + ", bucketGenerator=" + buckets.getClass().getName();
    }

    String prefix() {
        return prefix;
    }

    StoreMode mode() {
        return mode;
    }

    int bucketCount() {
        return bucketCount;
    }
}
