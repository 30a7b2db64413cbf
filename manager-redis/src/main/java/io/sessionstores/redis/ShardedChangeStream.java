package io.sessionstores.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.juli.logging.Log;
import org.redisson.Redisson;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RShardedTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.BaseStatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.support.BackgroundTimer;

/**
 * The Redis store's {@link ChangeStream} on a Redis Cluster. A script may touch only its session's
 * slot, so every slot that holds sessions has its own sequence counter and shard channel, both
 * {@code <keyPrefix>changes{<tag>}} ({@link ChangeChannel}): the script that changes a session
 * increments its slot's counter and {@code SPUBLISH}es the change with that number in one atomic
 * step, and the message travels only on the shard that holds the slot. A node subscribes
 * ({@code SSUBSCRIBE}) to the channel of every slot its sessions can live in: in hash mode the
 * slots of the {@code bucketCount} bucket keys (at most 16,384; 65,536 buckets of a default key
 * prefix cover about 13,000), in string mode every slot.
 *
 * <p><b>Knowing that nothing was missed.</b> No heartbeat is published. Every
 * {@link #AUDIT_MILLIS} this node reads the counters of up to {@link #COUNTERS_PER_AUDIT} slots in
 * one pipelined batch (one round trip per master), taking them in turn, so that every slot's
 * counter is read at least every {@code ceil(slots / 2048) * 500 ms}. A counter that read
 * {@code N} says that the messages up to {@code N} were already handed to the slot's subscribers
 * (the increment and the publish are one step); if they have not all arrived within
 * {@link #DELIVERY_TIMEOUT_MILLIS} of the read, the node trusts nothing. So a change is delivered,
 * or the stream reports {@link Listener#missed missed}, at most about 2.5 s after it was made
 * with up to 2,048 slots followed, 6.5 s with 16,384 (measured in {@code RedisClusterChangeStreamIT}:
 * a dropped message noticed after 2.5-3.2 s with 3,808 slots, 3.0-6.5 s with 16,384). It also
 * reports missed when:
 * <ul>
 *   <li>a slot's message arrives whose number skips one (a message was lost);</li>
 *   <li>a slot's counter reads lower than a number already delivered (the master restarted
 *       without persistence, or a replica that had not received the last changes took over);</li>
 *   <li>the client re-subscribes a channel (after a reconnection or a failover), Redis ends a
 *       subscription (its slot moved to another master), or a read of the counters fails.</li>
 * </ul>
 * After a loss it reads every counter once more and then reports {@link Listener#following
 * following}. When a read failed, a subscription may be dead (changes not delivered in time), the
 * client re-subscribed one or Redis ended one, it first checks that every master answers, then
 * makes every subscription anew on a new client of its own and waits until Redis has confirmed
 * every one. It does not leave them to Redisson's own re-subscription after a failover: that
 * comes channel by channel over seconds (thousands of channels on the promoted master), so a node
 * that followed again meanwhile missed the changes published on channels not yet back (seen in
 * {@code ClusterReplicasIT}: followed again 2.6 s after the SIGKILL, while the promoted master's
 * channels were still being re-subscribed; the change made there never arrived, and only the
 * counters' audit would have noticed). The subscriptions' client has its master's channels on one pub/sub
 * connection ({@link MasterReads}).
 *
 * <p>Over 400 lines for one reason: the per-slot numbers seen, the numbers owed by an audit, the
 * subscriptions' client and its epoch change together under one lock, and every rule above
 * reads or resets them all; the message format is apart ({@link ChangeMessage}), as are the
 * slots' tags ({@link ClusterSlots}).
 */
final class ShardedChangeStream implements ChangeStream {

    /** How often this node reads a share of the slots' counters. */
    static final long AUDIT_MILLIS = 500;
    /** How long the changes a counter read names may take to arrive before this node trusts nothing. */
    static final long DELIVERY_TIMEOUT_MILLIS = 2_000;
    /** Counters read per audit: with more slots followed, they are read in turn. */
    static final int COUNTERS_PER_AUDIT = 2048;
    /** How long the subscriptions to every followed channel may take to be confirmed. */
    static final long SUBSCRIBE_TIMEOUT_MILLIS = 20_000;
    /** Longest pause between two attempts to subscribe (Redis down, or older than 7.0: no SSUBSCRIBE). */
    static final long MAX_RETRY_MILLIS = 30_000;

    private final RedisConnection connection;
    private final KeyLayout layout;
    private final Log log;
    private final String logName;
    /** The followed slots' channel names (= their counters' keys), and the index of each. */
    private final String[] channels;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final AtomicBoolean dropNext = new AtomicBoolean();

    private final Supplier<Config> clientConfig;
    private volatile Listener listener;
    private volatile ScheduledExecutorService timer;
    /** The client holding this node's subscriptions (its own: see {@link #subscribe()}), or {@code null}. */
    private volatile RedissonClient subscriber;
    /** Which client's listeners may still report: events of an earlier one are ignored. */
    private volatile long subscriberEpoch;
    // guarded by this
    private final long[] seen;
    private final long[] owed;
    private final long[] owedBy;
    private boolean following;
    private boolean subscribed;
    private long generation;
    private int auditFrom;
    // the timer thread's own
    private long retryAtNanos = System.nanoTime();
    private long retryMillis = AUDIT_MILLIS;
    private boolean told;

    /**
     * @param clientConfig the store's Redisson configuration, for the client of the subscriptions
     */
    private final ChangeChannel changes;

    ShardedChangeStream(RedisConnection connection, KeyLayout layout, ChangeChannel changes, Supplier<Config> clientConfig,
                        Log log, String logName) {
        this.connection = connection;
        this.changes = changes;
        this.clientConfig = clientConfig;
        this.layout = layout;
        this.log = log;
        this.logName = logName;
        int[] slots = followedSlots(layout);
        this.channels = new String[slots.length];
        for (int i = 0; i < slots.length; i++) {
            channels[i] = changes.name(slots[i]);
            indexOf.put(channels[i], i);
        }
        this.seen = new long[slots.length];
        this.owed = new long[slots.length];
        this.owedBy = new long[slots.length];
        Arrays.fill(seen, -1);
    }

    /** The slots the sessions of {@code layout} can live in, ascending. */
    static int[] followedSlots(KeyLayout layout) {
        TreeSet<Integer> slots = new TreeSet<>();
        if (layout.mode() == StoreMode.HASH) {
            for (int b = 0; b < layout.bucketCount(); b++) {
                slots.add(ClusterSlots.slot(layout.bucketKey(b)));
            }
        } else { // string mode: a session key can be in any slot (a key prefix has no braces, so no hash tag)
            for (int s = 0; s < ClusterSlots.SLOTS; s++) {
                slots.add(s);
            }
        }
        return slots.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many slots' channels this node follows. */
    int channelCount() {
        return channels.length;
    }

    @Override
    public String keyOf(String id) {
        return ChangeChannel.keyOf(layout, id);
    }

    @Override
    public void follow(Listener listener) {
        this.listener = listener;
        changes.holdCopies(true);
        timer = BackgroundTimer.every("session-stores changes " + logName, this::tick, 0, AUDIT_MILLIS);
    }

    @Override
    public void stop() {
        changes.holdCopies(false);
        listener = null;
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
        }
        closeSubscriber();
    }

    @Override
    public void dropNextMessage() {
        dropNext.set(true);
    }

    // ---- the timer's side ------------------------------------------------------------------------

    private void tick() {
        try {
            boolean subscribedNow;
            boolean followingNow;
            synchronized (this) {
                subscribedNow = subscribed;
                followingNow = following;
            }
            if (!subscribedNow) {
                subscribe();
            } else if (!followingNow) {
                follow();
            } else {
                audit();
            }
        } catch (RuntimeException e) {
            // a read failed (a failover, a reconnection): the subscriptions are made anew once every
            // master answers, rather than waiting for Redisson's own re-subscriptions one by one
            lost("the change stream failed: " + RedisErrors.safeMessage(String.valueOf(e.getMessage())), true);
        }
    }

    /**
     * Makes every subscription anew on a client of their own, and returns once Redis confirmed them
     * all. Its own client, because a subscription that Redis ends (a slot moved to another master
     * sends {@code SUNSUBSCRIBE}) stays stuck in Redisson 3.52: neither removing nor adding a listener
     * of that channel completes again on that client. Dropping the client drops every subscription.
     */
    private void subscribe() {
        if (connection.redisson() == null || System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        long at;
        synchronized (this) {
            at = generation;
        }
        // Every master answers (a failover is over) before a client is made. Until then this throws
        // (tick: trust nothing) and is tried again at the next tick, without the backoff below,
        // which is for a Redis that answers but cannot subscribe.
        readCounters(0, channels.length);
        closeSubscriber();
        long epoch = ++subscriberEpoch;
        try {
            RedissonClient client = OwnClassLoader.run(() -> Redisson.create(MasterReads.forSubscriptions(clientConfig.get())));
            subscriber = client;
            OwnClassLoader.run(() -> subscribeAll(client, epoch));
        } catch (RuntimeException e) {
            closeSubscriber();
            if (listener == null) {
                return; // stopped meanwhile
            }
            String why = RedisErrors.safeMessage(String.valueOf(e.getMessage()));
            retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMillis);
            retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
            if (!told) {
                told = true;
                log.info(logName + ": cannot subscribe to the change stream's " + channels.length + " shard channels ("
                        + why + "): every request reads Redis until it can (SSUBSCRIBE needs Redis 7.0 or later);"
                        + " tried again up to every " + MAX_RETRY_MILLIS / 1000 + " s");
            }
            lost("cannot subscribe to the change stream: " + why, true);
            return;
        }
        retryMillis = AUDIT_MILLIS;
        told = false;
        if (listener == null) {
            closeSubscriber(); // stopped meanwhile
            return;
        }
        synchronized (this) {
            if (generation == at) {
                subscribed = true;
            }
        }
    }

    /**
     * Adds this node's listeners to every channel (all sent at once) and waits until Redis confirmed
     * them; the listeners report only while {@code epoch} is the current client's.
     */
    private Void subscribeAll(RedissonClient client, long epoch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SUBSCRIBE_TIMEOUT_MILLIS);
        List<CompletableFuture<Integer>> added = new ArrayList<>(2 * channels.length);
        for (String channel : channels) {
            RShardedTopic topic = client.getShardedTopic(channel, StringCodec.INSTANCE);
            added.add(topic.addListenerAsync(new BaseStatusListener() {
                @Override
                public void onSubscribe(String name) {
                    if (epoch == subscriberEpoch) {
                        // Redisson re-subscribed (a reconnection, a failover): made anew, all at once
                        lostWhileFollowing("the subscription to the change stream was (re)established");
                    }
                }

                @Override
                public void onUnsubscribe(String name) {
                    if (epoch == subscriberEpoch) { // Redis ended it (its slot moved): it does not come back by itself
                        lostWhileFollowing("Redis ended a subscription to the change stream (its slot moved?)");
                    }
                }
            }).toCompletableFuture());
            added.add(topic.addListenerAsync(String.class, (name, message) -> {
                if (epoch == subscriberEpoch) {
                    received(String.valueOf(name), message);
                }
            }).toCompletableFuture());
        }
        for (CompletableFuture<Integer> one : added) {
            confirmed(one, deadline);
        }
        return null;
    }

    /** Waits until Redis confirmed the subscription; fails after {@code deadline} (nanoTime). */
    private static void confirmed(CompletableFuture<Integer> added, long deadline) {
        try {
            added.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while subscribing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the subscriptions were not all confirmed within "
                    + SUBSCRIBE_TIMEOUT_MILLIS + " ms", e);
        }
    }

    /** Shuts the subscriptions' client down (every subscription with it); its listeners report no more. */
    private void closeSubscriber() {
        subscriberEpoch++;
        RedissonClient old = subscriber;
        subscriber = null;
        if (old == null) {
            return;
        }
        try {
            OwnClassLoader.run(() -> {
                old.shutdown(0, 2, TimeUnit.SECONDS);
                return null;
            });
        } catch (RuntimeException e) {
            log.debug(logName + ": shutting the change stream's client down failed: " + e);
        }
    }

    /** Every subscription confirmed: reads every counter once, then follows. */
    private void follow() {
        long at;
        synchronized (this) {
            at = generation;
        }
        long[] counters = readCounters(0, channels.length);
        boolean nowFollowing = false;
        synchronized (this) {
            if (generation == at && subscribed && !following) {
                for (int i = 0; i < counters.length; i++) {
                    seen[i] = Math.max(seen[i], counters[i]);
                    owed[i] = 0;
                }
                following = true;
                nowFollowing = true;
            }
        }
        Listener to = listener;
        if (nowFollowing && to != null) {
            to.following();
        }
    }

    /** Reads the next share of the counters, then checks what every earlier read asked to be delivered. */
    private void audit() {
        int from;
        int n = Math.min(COUNTERS_PER_AUDIT, channels.length);
        long at;
        long[] seenBefore = new long[n];
        synchronized (this) {
            from = auditFrom;
            auditFrom = (from + n) % channels.length;
            at = generation;
            for (int j = 0; j < n; j++) {
                seenBefore[j] = seen[(from + j) % channels.length];
            }
        }
        long readAt = System.nanoTime();
        long[] counters = readCounters(from, n);
        String why = null;
        String wentBack = null;
        synchronized (this) {
            if (generation != at) {
                return;
            }
            for (int j = 0; j < n && why == null; j++) {
                int i = (from + j) % channels.length;
                if (counters[j] < seenBefore[j]) {
                    wentBack = "the change counter of a slot went back from " + seenBefore[j] + " to " + counters[j]
                            + " (its master restarted or failed over?)";
                    break;
                } else if (seen[i] < counters[j] && owed[i] == 0) {
                    owed[i] = counters[j];
                    owedBy[i] = readAt + TimeUnit.MILLISECONDS.toNanos(DELIVERY_TIMEOUT_MILLIS);
                }
            }
            long now = System.nanoTime();
            for (int i = 0; i < owed.length && why == null && wentBack == null; i++) {
                if (owed[i] == 0) {
                    continue;
                }
                if (seen[i] >= owed[i]) {
                    owed[i] = 0;
                } else if (now - owedBy[i] > 0) {
                    why = "changes up to " + owed[i] + " of a slot were not all delivered within "
                            + DELIVERY_TIMEOUT_MILLIS + " ms (the last was " + seen[i] + ")";
                }
            }
        }
        if (wentBack != null) {
            lost(wentBack, true); // a failover or restart: Redisson is re-subscribing, channel by channel
        } else if (why != null) {
            lost(why, true); // a subscription may be dead: make them all again
        }
    }

    /** The counters of the followed slots {@code from .. from + n - 1} (wrapping), in one pipelined batch. */
    private long[] readCounters(int from, int n) {
        RedissonClient client = connection.redisson();
        if (client == null) {
            throw new IllegalStateException("the store is stopped");
        }
        return OwnClassLoader.run(() -> {
            RBatch batch = client.createBatch();
            for (int j = 0; j < n; j++) {
                batch.getAtomicLong(channels[(from + j) % channels.length]).getAsync();
            }
            BatchResult<?> read = batch.execute();
            long[] counters = new long[n];
            for (int j = 0; j < n; j++) {
                counters[j] = ((Number) read.getResponses().get(j)).longValue();
            }
            return counters;
        });
    }

    // ---- the subscriptions' side (one slot's messages arrive in the order Redis published them) ---

    void received(String channel, String message) {
        Listener to = listener;
        Integer index = indexOf.get(channel);
        if (to == null || message == null || index == null) {
            return;
        }
        ChangeMessage change = ChangeMessage.parse(message.split(" "));
        if (change == null || change.sequence() < 0) {
            log.debug(logName + ": ignored a change message of an unknown form");
            return;
        }
        if (dropNext.compareAndSet(true, false)) {
            return; // the test hook: as if this message were lost
        }
        String gap = null;
        synchronized (this) {
            long last = seen[index];
            if (following && last >= 0 && change.sequence() > last + 1) {
                gap = "change " + (last + 1) + " of a slot's sequence was not delivered (the next was "
                        + change.sequence() + ")";
            }
            seen[index] = Math.max(last, change.sequence());
        }
        if (gap != null) {
            lost(gap, false);
        }
        to.changed(change.keys(), change.versions());
    }

    /** A subscription event while following: trusts nothing, and makes every subscription anew first. */
    private void lostWhileFollowing(String why) {
        synchronized (this) {
            if (!following) {
                return; // this node's own (re)subscription, before it follows
            }
        }
        lost(why, true);
    }

    /** Trusts nothing from now on; {@code resubscribe}: the subscriptions are made again first. */
    private void lost(String why, boolean resubscribe) {
        Listener to = listener;
        boolean was;
        synchronized (this) {
            was = following;
            following = false;
            subscribed &= !resubscribe;
            generation++;
            Arrays.fill(seen, -1);
            Arrays.fill(owed, 0);
        }
        if (was && to != null) {
            to.missed(why);
        }
    }
}
