package io.sessionstores.redis;

import java.util.Set;

import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A small key per application recording the key layout its sessions are stored with (mode, key
 * prefix, bucket count and generator). Changing any of them would silently log every user out
 * and leave the old keys unswept, so a store whose settings differ from the recorded layout
 * refuses to work while sessions remain under the old layout, with a message saying how to
 * migrate; when none remain (all expired or removed), the new layout is recorded. The key is
 * {@code ss:<8 hex digits of a hash of the application name>:layout} whatever the prefix (a
 * changed {@code keyPrefix} is noticed too); it has no TTL and holds about 120 bytes.
 */
final class LayoutDescriptor {

    private static final int SCAN_COUNT = 1000;

    private final String key;
    private final KeyLayout layout;
    private final String expected;
    private volatile boolean verified;

    private LayoutDescriptor(String key, KeyLayout layout) {
        this.key = key;
        this.layout = layout;
        this.expected = layout.describe();
    }

    /** The descriptor of {@code layout} for the application whose name hashes to {@code appHash}. */
    static LayoutDescriptor of(KeyLayout layout, String appHash) {
        return new LayoutDescriptor("ss:" + appHash + ":layout", layout);
    }

    String key() {
        return key;
    }

    /**
     * Records this store's layout if none is recorded, else compares (one or two calls, once per
     * store); throws {@link LayoutMismatchException} when the recorded one differs and sessions
     * remain under it (a SCAN of the old prefix, only on a difference).
     */
    void verify(RedissonClient client) {
        if (verified) {
            return;
        }
        RBucket<String> bucket = client.getBucket(key, StringCodec.INSTANCE);
        if (!bucket.setIfAbsent(expected)) {
            String recorded = bucket.get();
            if (recorded != null && !recorded.equals(expected)) {
                String oldPrefix = prefixOf(recorded);
                if (oldPrefix != null && holdsSessions(client, oldPrefix)) {
                    throw new LayoutMismatchException(key, recorded, expected, oldPrefix);
                }
                bucket.set(expected);
            }
        }
        verified = true;
    }

    /** Whether any key other than this store's small bookkeeping keys starts with {@code prefix}. */
    private boolean holdsSessions(RedissonClient client, String prefix) {
        Set<String> bookkeeping = Set.of(key, prefix + "sweep", prefix + "probe", prefix + "changes");
        String slotCounters = prefix + "changes{"; // a Cluster's change counters (ChangeChannel)
        String holders = prefix + "held"; // who may hold copies of sessions (ChangeChannel.heldKey), never sessions
        return client.getKeys().getKeysStreamByPattern(KeyLayout.globEscape(prefix) + "*", SCAN_COUNT)
                .anyMatch(found -> !bookkeeping.contains(found) && !found.startsWith(slotCounters)
                        && !found.startsWith(holders));
    }

    private static String prefixOf(String described) {
        for (String part : described.split(", ")) {
            if (part.startsWith(KeyLayout.PREFIX_NAME + "=")) {
                return part.substring(KeyLayout.PREFIX_NAME.length() + 1);
            }
        }
        return null;
    }

    /** The recorded layout differs from the store's settings and sessions remain under it. */
    static final class LayoutMismatchException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LayoutMismatchException(String key, String recorded, String configured, String oldPrefix) {
            super("the sessions of this application are stored with layout [" + recorded + "] (Redis key " + key
                    + "), this store is configured for [" + configured + "]: changing mode, keyPrefix, bucketCount"
                    + " or bucketGenerator would log every user out and leave the old keys unswept. Restore the old"
                    + " settings, or let the old sessions expire, or remove them (redis-cli --scan --pattern '"
                    + oldPrefix + "*' | xargs redis-cli unlink) and start again");
        }
    }
}
