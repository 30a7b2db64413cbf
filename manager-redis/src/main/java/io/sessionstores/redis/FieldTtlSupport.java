package io.sessionstores.redis;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;

/**
 * Whether the server has per-field hash TTL (HPEXPIRE, Redis 7.4+ / Valkey 9), found out once on
 * the first write with a probe script; until then, and on servers without it, hash mode relies on
 * the bucket sweep. A failed probe (Redis down) is retried on the next write.
 */
final class FieldTtlSupport {

    private final LuaScript probe = LuaScript.named("probe-field-ttl");
    private final String probeKey;
    private volatile Boolean supported;

    FieldTtlSupport(String probeKey) {
        this.probeKey = probeKey;
    }

    boolean supported(RedissonClient client) {
        Boolean known = supported;
        if (known == null) {
            Long answer = probe.run(client, RScript.ReturnType.INTEGER, probeKey);
            known = answer != null && answer == 1L;
            supported = known;
        }
        return known;
    }

    /** Whether a probe has already shown the server expires fields itself. */
    boolean isKnownSupported() {
        return Boolean.TRUE.equals(supported);
    }
}
