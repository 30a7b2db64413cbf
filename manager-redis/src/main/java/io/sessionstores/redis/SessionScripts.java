package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.apache.juli.logging.Log;
import org.redisson.api.RScript;

import io.sessionstores.core.store.StoreException;

/**
 * Runs the scripts that change one session's value (write, touch, deletes by version, tombstone,
 * put unless newer: {@link ServerScripts}) on the key that holds it: one EVALSHA, followed by
 * {@code WAIT} when {@code replicaAcks} asks for it. The first two arguments every such script
 * takes ({@code prelude.lua}) are added here: the layout's script mode and, in hash mode, the
 * session's field; and the change stream's channel last, with its sequence counter as the second
 * key ({@link ChangeChannel}: one per application, or on a Cluster one per slot).
 */
final class SessionScripts {

    private static final byte[] NONE = new byte[0];
    private static final Predicate<Long> WRITTEN = result -> result != null && result == 1L;

    private final RedisConnection connection;
    private final KeyLayout layout;
    private final ServerScripts scripts;
    private final ReplicaAcks acks;
    private final ChangeChannel changes;
    private final Log log;
    private final String logName;

    /** @param acks the {@code replicaAcks} setting, {@code null} when off */
    SessionScripts(RedisConnection connection, KeyLayout layout, ServerScripts scripts, ReplicaAcks acks,
                   ChangeChannel changes, Log log, String logName) {
        this.changes = changes;
        this.connection = connection;
        this.layout = layout;
        this.scripts = scripts;
        this.acks = acks;
        this.log = log;
        this.logName = logName;
    }

    /**
     * Runs {@code script} on {@code id}'s key with {@code args} after the two common ones; whether
     * it answered 1 (it changed the value). When it fails in field-TTL mode (the server lost
     * HPEXPIRE: failover to an older server), the server is probed again and the call retried once
     * in the mode found. The scripts fail in that case before writing anything ({@code prelude.lua}).
     */
    boolean run(LuaScript script, String id, byte[]... args) throws StoreException {
        return result(script, id, args) == 1L;
    }

    /** Whether a write's announcement carries a value of {@code length} bytes ({@link ChangeChannel#carries}). */
    boolean carries(int length) {
        return changes.carries(length);
    }

    /** {@link #run}, with the script's answer ({@code 0} for none). */
    long result(LuaScript script, String id, byte[]... args) throws StoreException {
        Long result = call(script, RScript.ReturnType.INTEGER, WRITTEN, id, args);
        return result == null ? 0 : result;
    }

    /** This node's id among a session's holders, or empty when it holds no copies ({@link ChangeChannel#holder}). */
    byte[] holder() {
        return changes.holder();
    }

    /** Whether this node's reads register it among the session's holders ({@link ChangeChannel#holdCopies}). */
    boolean holdsCopies() {
        return changes.holdsCopies();
    }

    /**
     * {@code read.lua} on {@code id}'s key: the stored value, with this node registered among the
     * session's holders in the same step.
     */
    byte[] readHolding(String id, long now) throws StoreException {
        return call(scripts.read, RScript.ReturnType.VALUE, value -> false, id, LuaScript.arg(now), changes.holder());
    }

    /**
     * Runs {@code script} for {@code id}; when it fails in field-TTL mode because the server lacks
     * the commands, probes again and retries once in the mode found. {@code changed} tells from the
     * answer whether the script changed the session (what {@code replicaAcks} waits for).
     */
    private <R> R call(LuaScript script, RScript.ReturnType type, Predicate<R> changed, String id, byte[]... args)
            throws StoreException {
        boolean fieldTtlMode = layout.mode() == StoreMode.HASH && scripts.isKnownFieldTtl();
        try {
            return runOnce(script, type, changed, id, args);
        } catch (StoreException e) {
            if (!fieldTtlMode || !lacksFieldTtl(e)) {
                throw e;
            }
            scripts.forget();
            log.warn(logName + ": " + script.name() + " failed in per-field TTL mode (" + e.getMessage()
                    + "); probing the server again");
            return runOnce(script, type, changed, id, args);
        }
    }

    /** Whether a failure says the server lacks a command of per-field TTL (HPEXPIRE, HPTTL). */
    static boolean lacksFieldTtl(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("unknown")) {
                return true;
            }
        }
        return false;
    }

    private <R> R runOnce(LuaScript script, RScript.ReturnType type, Predicate<R> changed, String id, byte[]... args)
            throws StoreException {
        SessionLocation at = layout.locate(id);
        return connection.call(script.name(), id, client -> {
            byte[] mode = layout.mode().scriptMode(scripts.fieldTtl(client)).getBytes(StandardCharsets.US_ASCII);
            Object[] argv = new Object[args.length + 3];
            argv[0] = mode;
            argv[1] = layout.mode() == StoreMode.HASH ? at.field() : NONE;
            System.arraycopy(args, 0, argv, 2, args.length);
            argv[argv.length - 1] = changes.channel(at.key());
            List<Object> keys = changes.keys(at);
            return acks == null || script == scripts.read ? script.<R>runValues(client, type, keys, argv)
                    : script.<R>runAcknowledged(client, type, keys, acks, changed, argv);
        });
    }
}
