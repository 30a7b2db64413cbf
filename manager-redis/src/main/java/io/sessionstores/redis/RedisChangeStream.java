package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.juli.logging.Log;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.listener.BaseStatusListener;
import org.redisson.client.codec.ByteArrayCodec;

import io.sessionstores.core.store.ChangeStream;
import io.sessionstores.core.support.BackgroundTimer;

/**
 * The Redis store's {@link ChangeStream}. The scripts that change a session publish it on the
 * channel {@code <keyPrefix>changes} in the same script ({@code prelude.lua}'s {@code announce}):
 * a write with its new version, a delete, a version-checked delete, a tombstone, every field a
 * bucket sweep deletes (one message per sweep call). An id change is a write under the new id and
 * a delete of the old one. On a single server each message carries the next number of the
 * application's sequence counter (the key of the same name), incremented by the same script.
 *
 * <p><b>Knowing that nothing was missed.</b> Every {@link #HEARTBEAT_MILLIS} this node publishes a
 * heartbeat by a script that reads the sequence counter and publishes it in the same step. Redis
 * delivers the messages of one server to a subscriber in the order it published them, so when a
 * heartbeat arrives every change numbered up to the heartbeat's number has arrived before it. The
 * stream reports {@link Listener#missed missed} when:
 * <ul>
 *   <li>a change arrives whose number is not the next one (a message was lost, or the counter
 *       was reset by a restart of a Redis without persistence);</li>
 *   <li>a heartbeat (this node's or another's) names a number this node has not seen;</li>
 *   <li>this node's own heartbeat has not come back within {@link #ECHO_TIMEOUT_MILLIS}
 *       (the subscription is dead or the server unreachable), or cannot be published;</li>
 *   <li>the client re-subscribes (after a reconnection or a failover).</li>
 * </ul>
 * It reports {@link Listener#following following} again once one of its own heartbeats, published
 * after the loss, comes back. On a Cluster: {@link ShardedChangeStream}.
 */
final class RedisChangeStream implements ChangeStream {

    /** How often this node publishes its heartbeat. */
    static final long HEARTBEAT_MILLIS = 500;
    /** How long this node waits for its own heartbeat to come back before it trusts nothing. */
    static final long ECHO_TIMEOUT_MILLIS = 2_000;
    private static final int RING = 64;

    private final RedisConnection connection;
    private final ChangeChannel changes;
    private final KeyLayout layout;
    private final LuaScript heartbeat;
    private final Log log;
    private final String logName;
    private final String channel;
    private final String node = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final AtomicBoolean dropNext = new AtomicBoolean();

    private volatile Listener listener;
    private volatile ScheduledExecutorService timer;
    private volatile RTopic topic;
    // guarded by this
    private boolean following;
    private long lastSequence = -1;
    private long sent;
    private long echoed;
    private long lostAtSent;
    private final long[] sentNanos = new long[RING];

    RedisChangeStream(RedisConnection connection, KeyLayout layout, ChangeChannel changes, LuaScript heartbeat, Log log,
                      String logName) {
        this.connection = connection;
        this.layout = layout;
        this.changes = changes;
        this.heartbeat = heartbeat;
        this.log = log;
        this.logName = logName;
        this.channel = layout.changesKey();
    }

    /** The first 16 hex digits of the SHA-1 of the session's key, a zero byte and its field. */
    @Override
    public String keyOf(String id) {
        return ChangeChannel.keyOf(layout, id);
    }

    @Override
    public void follow(Listener listener) {
        this.listener = listener;
        changes.holdCopies(true);
        timer = BackgroundTimer.every("session-stores changes " + logName, this::tick, 0, HEARTBEAT_MILLIS);
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
        RTopic subscribed = topic;
        topic = null;
        if (subscribed != null) {
            try {
                OwnClassLoader.run(() -> {
                    subscribed.removeAllListeners();
                    return null;
                });
            } catch (RuntimeException e) {
                log.debug(logName + ": unsubscribing from the change stream failed: " + e);
            }
        }
    }

    @Override
    public void dropNextMessage() {
        dropNext.set(true);
    }

    // ---- the timer's side ------------------------------------------------------------------------

    private void tick() {
        try {
            if (topic == null && !subscribe()) {
                return;
            }
            checkEcho();
            publishHeartbeat();
        } catch (RuntimeException e) {
            lost("the change stream failed: " + RedisErrors.safeMessage(String.valueOf(e.getMessage())));
        }
    }

    private boolean subscribe() {
        if (connection.redisson() == null) {
            return false;
        }
        try {
            RTopic subscribed = OwnClassLoader.run(() -> {
                RTopic t = connection.redisson().getTopic(channel, ByteArrayCodec.INSTANCE);
                t.addListener(new BaseStatusListener() {
                    @Override
                    public void onSubscribe(String name) {
                        lost("the subscription to the change stream was (re)established");
                    }

                    @Override
                    public void onUnsubscribe(String name) {
                        lost("the subscription to the change stream ended");
                    }
                });
                t.addListener(byte[].class, (name, message) -> received(message));
                return t;
            });
            topic = subscribed;
            return true;
        } catch (RuntimeException e) {
            lost("cannot subscribe to the change stream: " + RedisErrors.safeMessage(String.valueOf(e.getMessage())));
            return false;
        }
    }

    private void checkEcho() {
        long overdue;
        synchronized (this) {
            if (sent <= echoed) {
                return;
            }
            overdue = System.nanoTime() - sentNanos[(int) ((echoed + 1) % RING)];
        }
        if (overdue > ECHO_TIMEOUT_MILLIS * 1_000_000L) {
            lost("no heartbeat came back within " + ECHO_TIMEOUT_MILLIS + " ms");
        }
    }

    private void publishHeartbeat() {
        long n;
        synchronized (this) {
            n = ++sent;
            if (sent - echoed >= RING) {
                echoed = sent - 1; // long unanswered: counted from the newest only (checkEcho has reported it)
            }
            sentNanos[(int) (n % RING)] = System.nanoTime();
        }
        byte[] none = new byte[0];
        try {
            connection.call("heartbeat", null, client -> heartbeat.run(client, RScript.ReturnType.INTEGER,
                    layout.changesKey(), none, none, node.getBytes(StandardCharsets.US_ASCII), LuaScript.arg(n),
                    new byte[] {'1'}, changes.channel(channel)));
        } catch (Exception e) {
            lost("the heartbeat could not be published: " + e.getMessage());
        }
    }

    // ---- the subscription's side (messages arrive in the order Redis published them) -------------

    /**
     * A message as it came: its text, and after a newline the value a write stored when the
     * announcement carries it ({@link ChangeChannel#carries}).
     */
    void received(byte[] message) {
        if (message == null) {
            return;
        }
        int newline = -1;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            received(new String(message, StandardCharsets.ISO_8859_1), null);
        } else {
            received(new String(message, 0, newline, StandardCharsets.ISO_8859_1),
                    Arrays.copyOfRange(message, newline + 1, message.length));
        }
    }

    void received(String message, byte[] carried) {
        Listener to = listener;
        if (to == null || message == null) {
            return;
        }
        String[] parts = message.split(" ");
        if (parts.length == 4 && parts[0].equals("h")) {
            heartbeatReceived(parts, to);
            return;
        }
        ChangeMessage change = ChangeMessage.parse(parts);
        if (change == null) {
            log.debug(logName + ": ignored a change message of an unknown form");
            return;
        }
        if (dropNext.compareAndSet(true, false)) {
            return; // the test hook: as if this message were lost
        }
        if (change.sequence() >= 0) {
            sequenced(change.sequence());
        }
        if (carried != null && change.keys().length == 1 && StoredValues.isStoredValue(carried)
                && StoredValues.version(carried) == change.versions()[0]) {
            to.changed(change.keys()[0], change.versions()[0], id -> StoredValues.decode(id, carried));
        } else {
            to.changed(change.keys(), change.versions());
        }
    }

    private void sequenced(long sequence) {
        long last;
        synchronized (this) {
            last = lastSequence;
            lastSequence = sequence;
        }
        if (last >= 0 && sequence != last + 1) {
            lost("change " + (last + 1) + " of the sequence was not delivered (the next was " + sequence + ")");
        }
    }

    private void heartbeatReceived(String[] parts, Listener to) {
        long sequence = parts[3].equals("-") ? -1 : parse(parts[3]);
        boolean own = parts[1].equals(node);
        long n = own ? parse(parts[2]) : -1;
        String gap = null;
        boolean nowFollowing = false;
        synchronized (this) {
            if (sequence >= 0 && lastSequence >= 0 && lastSequence != sequence) {
                gap = lastSequence < sequence ? "changes up to " + sequence + " were not all delivered (the last was "
                        + lastSequence + ")" : "the sequence went back from " + lastSequence + " to " + sequence
                        + " (Redis restarted?)";
            }
            if (own && n > echoed) {
                echoed = n;
            }
        }
        if (gap != null) {
            lost(gap);
        }
        synchronized (this) {
            if (own && !following && n > lostAtSent) {
                following = true;
                lastSequence = sequence;
                nowFollowing = true;
            }
        }
        if (nowFollowing) {
            to.following();
        }
    }

    private void lost(String why) {
        Listener to = listener;
        boolean was;
        synchronized (this) {
            was = following;
            following = false;
            lostAtSent = sent;
            lastSequence = -1;
        }
        if (was && to != null) {
            to.missed(why);
        }
    }

    private static long parse(String number) {
        return ChangeMessage.number(number);
    }
}
