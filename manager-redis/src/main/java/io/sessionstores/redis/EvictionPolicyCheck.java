package io.sessionstores.redis;

import java.util.Map;

import org.apache.juli.logging.Log;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.config.Config;

/**
 * Warns at start when a master's {@code maxmemory-policy} may evict sessions: an evicted bucket
 * hash drops every session in it at once. Hash mode is safe with {@code noeviction} or any
 * {@code volatile-*} policy (bucket keys carry no TTL, so those never pick them); string mode only
 * with {@code noeviction} (every session key has a TTL). Where {@code CONFIG GET} is not allowed
 * (managed services, ACL users without it) the check is skipped with an info line.
 */
final class EvictionPolicyCheck {

    private EvictionPolicyCheck() {
    }

    /** Whether {@code policy} never evicts a key of a store in {@code mode}. */
    static boolean isSafe(String policy, StoreMode mode) {
        return "noeviction".equals(policy) || (mode == StoreMode.HASH && policy.startsWith("volatile-"));
    }

    /** Checks every master and logs what it finds; never throws. */
    static void run(RedissonClient client, Config config, StoreMode mode, Log log, String logName) {
        try {
            for (RedisNode master : MasterReads.masters(client, config)) {
                Map<String, String> found = master.getConfig("maxmemory-policy");
                String policy = found.getOrDefault("maxmemory-policy", "");
                if (!isSafe(policy, mode)) {
                    log.warn(logName + ": Redis " + master.getAddr() + " has maxmemory-policy " + policy
                            + ": when it reaches maxmemory it may evict sessions (a whole bucket of them in hash mode);"
                            + " use noeviction" + (mode == StoreMode.HASH ? " or a volatile-* policy" : ""));
                }
            }
        } catch (RuntimeException e) {
            log.info(logName + ": maxmemory-policy not checked (CONFIG GET not permitted or Redis not reachable: "
                    + RedisErrors.safeMessage(e.getMessage()) + ")");
        }
    }
}
