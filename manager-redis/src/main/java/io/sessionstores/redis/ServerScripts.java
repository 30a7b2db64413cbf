package io.sessionstores.redis;

import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;

/**
 * The store's scripts and what it learns about the server on first use: every script is loaded
 * on every master once (so even the first call of each is a single EVALSHA), and a probe finds
 * out whether the server has per-field hash TTL (HPEXPIRE: Redis 7.4+, Valkey 9); until then,
 * and on servers without it, hash mode relies on the bucket sweep. A failed first use (Redis
 * down) is retried on the next call.
 */
final class ServerScripts {

    final LuaScript write = LuaScript.named("write");
    final LuaScript read = LuaScript.named("read");
    final LuaScript touch = LuaScript.named("touch");
    final LuaScript deleteIfVersion = LuaScript.named("delete-if-version");
    final LuaScript tombstone = LuaScript.named("tombstone");
    final LuaScript putUnlessNewer = LuaScript.named("put-unless-newer");
    final LuaScript sweep = LuaScript.named("sweep");
    final LuaScript expiryLease = LuaScript.named("expiry-lease");
    final LuaScript delete = LuaScript.named("delete");
    final LuaScript heartbeat = LuaScript.named("heartbeat");
    private final LuaScript probe = LuaScript.named("probe-field-ttl");

    private final String probeKey;
    private volatile Boolean fieldTtl;

    ServerScripts(String probeKey) {
        this.probeKey = probeKey;
    }

    /** Whether the server expires hash fields itself; prepares the server on the first call. */
    boolean fieldTtl(RedissonClient client) {
        Boolean known = fieldTtl;
        if (known == null) {
            for (LuaScript script : List.of(write, read, touch, deleteIfVersion, tombstone, putUnlessNewer, sweep, delete)) {
                script.loadEverywhere(client);
            }
            Long answer = probe.run(client, RScript.ReturnType.INTEGER, probeKey);
            known = answer != null && answer == 1L;
            fieldTtl = known;
        }
        return known;
    }

    /**
     * Forgets what the probe found, so that the next call probes again (and loads the scripts):
     * after a script failed in field-TTL mode, the store may now talk to an older server.
     */
    void forget() {
        fieldTtl = null;
    }

    /** Makes the store believe the server has (or lacks) per-field TTL, as a probe would (tests). */
    void assume(boolean hasFieldTtl) {
        fieldTtl = hasFieldTtl;
    }

    /** What the last probe found, for JMX: {@code yes}, {@code no} or {@code not probed yet}. */
    String describe() {
        Boolean known = fieldTtl;
        return known == null ? "not probed yet" : known ? "yes" : "no";
    }

    /** Whether a probe has already shown the server expires fields itself. */
    boolean isKnownFieldTtl() {
        return Boolean.TRUE.equals(fieldTtl);
    }
}
