package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where the scripts that change a session announce it ({@code prelude.lua}'s {@code announce}):
 * the channel, passed as the script's last argument, and on a single server the application's
 * sequence counter, passed as its second key. On a Cluster nothing is announced: the counter would
 * live in another slot than the session, and without it a lost message could not be noticed.
 *
 * @param channel     the channel name's bytes
 * @param sequenceKey the counter's key, or {@code null} for none
 */
record ChangeChannel(byte[] channel, String sequenceKey) {

    /** No announcements (a Cluster: see {@link RedisSessionStore#changeStream()}). */
    static final ChangeChannel NONE = new ChangeChannel(new byte[0], null);

    /** The layout's channel and counter on a single server; {@link #NONE} on a Cluster. */
    static ChangeChannel of(KeyLayout layout, boolean cluster) {
        return cluster ? NONE : new ChangeChannel(layout.changesKey().getBytes(StandardCharsets.UTF_8),
                layout.changesKey());
    }

    /** Whether scripts announce on this channel. */
    boolean announces() {
        return channel.length > 0;
    }

    /** The KEYS of a script changing the session stored under {@code key}. */
    List<Object> keys(String key) {
        return sequenceKey == null ? List.of(key) : List.of(key, sequenceKey);
    }

    /** {@code args} followed by the channel: the ARGV of a script that may announce. */
    byte[][] withChannel(byte[]... args) {
        byte[][] all = new byte[args.length + 1][];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = channel;
        return all;
    }
}
