package io.sessionstores.redis;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisWrongPasswordException;

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
        String refused = authenticationFailure(e);
        if (refused != null) {
            return new StoreException("Redis " + operation + session + " failed: " + authenticationAdvice(refused));
        }
        return new StoreException("Redis " + operation + session + " failed: " + e.getClass().getSimpleName()
                + ": " + safeMessage(e.getMessage()));
    }

    /**
     * The server's refusal when {@code e} (or a cause: Redisson wraps it in "Unable to connect to
     * Redis server", which reads like a network fault) is an authentication failure, else
     * {@code null}. The server's words ({@code WRONGPASS ...}, {@code NOAUTH ...}) never hold the
     * password.
     */
    static String authenticationFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            Matcher reply = AUTH_REPLY.matcher(message);
            if (reply.find()) {
                return serverReply(message.substring(reply.start()));
            }
            if (t instanceof RedisWrongPasswordException || t instanceof RedisAuthRequiredException) {
                return t.getClass().getSimpleName();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The server's reply alone, without what Redisson appends (channel, command data). */
    private static String serverReply(String text) {
        int end = text.length();
        for (String marker : new String[] {". channel:", " channel:", " data:"}) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return safeMessage(text.substring(0, end).replaceAll("\\.+$", ""));
    }

    /** What an operator reads when Redis refused the credentials. */
    static String authenticationAdvice(String refusal) {
        return "Redis refused authentication (" + refusal + "): the password (or user) in address or"
                + " redissonConfig is wrong, or missing for a server that requires one";
    }

    /** The replies of Redis 6+ and of older servers to a bad or missing AUTH. */
    private static final Pattern AUTH_REPLY = Pattern.compile(
            "\\b(WRONGPASS|NOAUTH)\\b|ERR invalid password|ERR AUTH|ERR Client sent AUTH");

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
