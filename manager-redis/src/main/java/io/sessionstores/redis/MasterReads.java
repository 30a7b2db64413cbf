package io.sessionstores.redis;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

import io.sessionstores.core.config.ConfigException;

/**
 * Makes every read of the store go to the master. Redisson's default {@code readMode} in Sentinel,
 * Cluster, replicated and master/replica configurations is {@code SLAVE}: a session written on
 * one node and read on another from a lagging replica would be missing (the user logged out) or
 * stale (the version conflict loop reloads the same old version until it gives up). A YAML file
 * that does not name a {@code readMode} gets {@code MASTER}; one that names another mode is
 * refused at start. {@code subscriptionMode} is left alone.
 *
 * <p>On a Cluster the change stream subscribes to one shard channel per slot, up to 16,384
 * ({@link ShardedChangeStream}): Redisson's default of 5 subscriptions per connection (and 50
 * connections) would hold 250 per master. A Cluster configuration that keeps that default gets
 * {@value #CLUSTER_SUBSCRIPTIONS_PER_CONNECTION}, so that every channel of a master fits on one
 * connection; one that names another value keeps it.
 */
final class MasterReads extends Config {

    /** Subscriptions per connection on a Cluster whose configuration keeps Redisson's default. */
    static final int CLUSTER_SUBSCRIPTIONS_PER_CONNECTION = 20_000;
    private static final int REDISSON_DEFAULT_SUBSCRIPTIONS_PER_CONNECTION = 5;

    private static final Pattern READ_MODE = Pattern.compile("(?m)^\\s*readMode\\s*:\\s*[\"']?(\\w+)");

    private MasterReads(Config parsed) {
        super(parsed);
    }

    /** {@code parsed} with {@code readMode: MASTER} in whichever servers section it uses. */
    static Config force(Config parsed) {
        MasterReads config = new MasterReads(parsed);
        config.readFromMaster();
        return config;
    }

    /** Refuses a YAML text that asks for reads from replicas. */
    static void requireMasterModes(String file, String yaml) {
        Matcher m = READ_MODE.matcher(yaml);
        while (m.find()) {
            if (!ReadMode.MASTER.name().equals(m.group(1))) {
                throw new ConfigException("redissonConfig", file, "readMode: " + m.group(1)
                        + " is not allowed: every session read must see the latest write, so the store reads from the"
                        + " master; remove readMode (the store sets MASTER) or set readMode: MASTER");
            }
        }
    }

    /**
     * A copy of {@code config} (the store's, {@link #force forced}) for a Cluster client that only
     * subscribes ({@link ShardedChangeStream}): one data connection per node, few threads (it
     * only hands messages over), connected at once.
     */
    static Config forSubscriptions(Config config) {
        MasterReads copy = new MasterReads(config);
        copy.setLazyInitialization(false);
        copy.setThreads(2);
        copy.setNettyThreads(4);
        ClusterServersConfig cluster = copy.getClusterServersConfig();
        if (cluster != null) {
            cluster.setMasterConnectionMinimumIdleSize(1).setMasterConnectionPoolSize(1)
                    .setSlaveConnectionMinimumIdleSize(1).setSlaveConnectionPoolSize(1)
                    .setSubscriptionConnectionMinimumIdleSize(1);
        }
        return copy;
    }

    /** The masters of {@code client}, whose configuration is {@code config}. */
    static List<RedisNode> masters(RedissonClient client, Config config) {
        MasterReads servers = new MasterReads(config);
        if (servers.getClusterServersConfig() != null) {
            return List.copyOf(client.getRedisNodes(RedisNodes.CLUSTER).getMasters());
        }
        if (servers.getSentinelServersConfig() != null) {
            return List.of(client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
        }
        if (servers.getMasterSlaveServersConfig() != null || servers.getReplicatedServersConfig() != null) {
            return List.of(client.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
        }
        return List.of(client.getRedisNodes(RedisNodes.SINGLE).getInstance());
    }

    private void readFromMaster() {
        for (BaseMasterSlaveServersConfig<?> servers : new BaseMasterSlaveServersConfig<?>[] {
                getClusterServersConfig(), getSentinelServersConfig(), getMasterSlaveServersConfig(),
                getReplicatedServersConfig()}) {
            if (servers != null) {
                servers.setReadMode(ReadMode.MASTER);
            }
        }
        ClusterServersConfig cluster = getClusterServersConfig();
        if (cluster != null && cluster.getSubscriptionsPerConnection() == REDISSON_DEFAULT_SUBSCRIPTIONS_PER_CONNECTION) {
            cluster.setSubscriptionsPerConnection(CLUSTER_SUBSCRIPTIONS_PER_CONNECTION);
        }
    }
}
