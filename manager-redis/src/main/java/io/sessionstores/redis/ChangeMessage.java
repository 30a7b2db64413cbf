package io.sessionstores.redis;

import io.sessionstores.core.store.ChangeStream;

/**
 * One change message as {@code prelude.lua}'s {@code announce} publishes it:
 * {@code "<sequence or -> <key> <version> [<key> <version>...]"}, a version 0 meaning gone.
 *
 * @param sequence the message's number in its counter's sequence, {@code -1} for none
 * @param keys     the sessions' change keys ({@link ChangeChannel#keyOf})
 * @param versions their new versions, {@link ChangeStream#GONE} for a session that no longer exists
 */
record ChangeMessage(long sequence, String[] keys, long[] versions) {

    private static final String[] NO_KEYS = new String[0];

    /** The message split at its spaces, or {@code null} when it is not of that form. */
    static ChangeMessage parse(String[] parts) {
        if (parts.length < 3 || parts.length % 2 == 0) {
            return null;
        }
        int n = (parts.length - 1) / 2;
        String[] keys = n == 0 ? NO_KEYS : new String[n];
        long[] versions = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = parts[1 + 2 * i];
            long version = number(parts[2 + 2 * i]);
            versions[i] = version <= 0 ? ChangeStream.GONE : version;
        }
        return new ChangeMessage(parts[0].equals("-") ? -1 : number(parts[0]), keys, versions);
    }

    /** A decimal number of a message, {@code -1} when it is none. */
    static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
