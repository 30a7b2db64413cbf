package io.sessionstores.redis;

import java.util.Locale;

import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.StoreException;

/**
 * Turns a Redisson failure into a {@link StoreException} that is safe to log. Redisson's messages
 * may quote the command's parameters, which hold keys and fields, that is session ids: the
 * message is cut before them (case-insensitively) and the Redisson exception is not chained as the cause.
 */
final class RedisErrors {

    private static final int MAX_MESSAGE = 300;

    private RedisErrors() {
    }

    static StoreException toStoreException(String operation, String id, RuntimeException e) {
        String session = id == null ? "" : " of session " + SessionIds.hash(id);
        return new StoreException("Redis " + operation + session + " failed: " + e.getClass().getSimpleName()
                + ": " + safeMessage(e.getMessage()));
    }

    /** The part of a Redisson message before any command, parameters or key name. */
    static String safeMessage(String message) {
        if (message == null) {
            return "";
        }
        String cut = message;
        for (String marker : new String[] {"command:", "params:", "command=", "params="}) {
            int at = cut.toLowerCase(Locale.ROOT).indexOf(marker);
            if (at >= 0) {
                cut = cut.substring(0, at);
            }
        }
        cut = cut.strip();
        return cut.length() > MAX_MESSAGE ? cut.substring(0, MAX_MESSAGE) + "..." : cut;
    }
}
