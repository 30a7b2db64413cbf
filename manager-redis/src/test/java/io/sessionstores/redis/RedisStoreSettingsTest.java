package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sessionstores.core.config.ConfigException;

class RedisStoreSettingsTest {

    @TempDir
    Path dir;

    static RedisStoreSettings build(Consumer<RedisSessionStore> settings) {
        RedisSessionStore b = new RedisSessionStore();
        b.setAddress("redis://127.0.0.1:6379");
        settings.accept(b);
        return RedisStoreSettings.validate(b, "/Catalina/localhost/shop");
    }

    static void assertRefused(Consumer<RedisSessionStore> settings, String... inMessage) {
        assertThatThrownBy(() -> build(settings)).isInstanceOf(ConfigException.class).hasMessageContainingAll(inMessage);
    }

    @Test
    void defaultsAreHashModeWithAPrefixPerApplication() {
        RedisStoreSettings s = build(b -> { });
        assertThat(s.mode()).isEqualTo(StoreMode.HASH);
        assertThat(s.bucketCount()).as("10-60 sessions per bucket from about 40,000 to 250,000 sessions").isEqualTo(4096);
        assertThat(s.keyPrefix()).matches("ss:[0-9a-f]{8}:");
        RedisSessionStore other = new RedisSessionStore();
        other.setAddress("redis://127.0.0.1:6379");
        assertThat(RedisStoreSettings.validate(other, "/Catalina/localhost/blog").keyPrefix()).isNotEqualTo(s.keyPrefix());
    }

    @Test
    void readModeSlaveInTheYamlIsRefusedAtStart() throws Exception {
        Path yaml = Files.writeString(dir.resolve("sentinel.yaml"), "sentinelServersConfig:\n  masterName: m\n"
                + "  readMode: \"SLAVE\"\n  sentinelAddresses:\n    - \"redis://127.0.0.1:26379\"\n");
        assertRefused(b -> {
            b.setAddress(null);
            b.setRedissonConfig(yaml.toString());
        }, "'redissonConfig'", "readMode: SLAVE", "MASTER");
    }

    @Test
    void readsFromReplicasByDefaultAreTurnedIntoReadsFromTheMaster() throws Exception {
        Path cluster = Files.writeString(dir.resolve("cluster.yaml"), "clusterServersConfig:\n  nodeAddresses:\n"
                + "    - \"redis://127.0.0.1:7000\"\n");
        Path sentinel = Files.writeString(dir.resolve("sentinel.yaml"), "sentinelServersConfig:\n  masterName: m\n"
                + "  sentinelAddresses:\n    - \"redis://127.0.0.1:26379\"\n");
        Path replicated = Files.writeString(dir.resolve("replicated.yaml"), "masterSlaveServersConfig:\n"
                + "  readMode: MASTER\n  masterAddress: \"redis://127.0.0.1:6379\"\n"
                + "  slaveAddresses:\n    - \"redis://127.0.0.1:6380\"\n");
        for (Path yaml : new Path[] {cluster, sentinel, replicated}) {
            RedisStoreSettings s = build(b -> {
                b.setAddress(null);
                b.setRedissonConfig(yaml.toString());
            });
            assertThat(Files.readString(yaml)).doesNotContain("SLAVE");
            assertThat(s.redissonConfig().toYAML()).as("effective config of %s", yaml.getFileName())
                    .contains("readMode: \"MASTER\"").doesNotContain("readMode: \"SLAVE\"");
        }
    }

    /**
     * The Cluster change stream subscribes to a shard channel per slot (up to 16,384): Redisson's
     * default of 5 per connection held 250 per master and the rest timed out on its subscription lock.
     */
    @Test
    void aClusterKeepingRedissonsFiveSubscriptionsPerConnectionGetsRoomForEverySlotChannel() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain-cluster.yaml"), "clusterServersConfig:\n  nodeAddresses:\n"
                + "    - \"redis://127.0.0.1:7000\"\n");
        Path named = Files.writeString(dir.resolve("named-cluster.yaml"), "clusterServersConfig:\n"
                + "  subscriptionsPerConnection: 40000\n  nodeAddresses:\n    - \"redis://127.0.0.1:7000\"\n");
        RedisStoreSettings defaults = build(b -> {
            b.setAddress(null);
            b.setRedissonConfig(plain.toString());
        });
        RedisStoreSettings own = build(b -> {
            b.setAddress(null);
            b.setRedissonConfig(named.toString());
        });

        assertThat(defaults.redissonConfig().toYAML()).contains("subscriptionsPerConnection: "
                + MasterReads.CLUSTER_SUBSCRIPTIONS_PER_CONNECTION);
        assertThat(own.redissonConfig().toYAML()).as("a value the YAML names").contains("subscriptionsPerConnection: 40000");
    }

    @Test
    void evictionPoliciesThatCannotDropSessionsDependOnTheMode() {
        assertThat(EvictionPolicyCheck.isSafe("noeviction", StoreMode.HASH)).isTrue();
        assertThat(EvictionPolicyCheck.isSafe("noeviction", StoreMode.STRING)).isTrue();
        assertThat(EvictionPolicyCheck.isSafe("volatile-lru", StoreMode.HASH)).as("bucket keys have no TTL").isTrue();
        assertThat(EvictionPolicyCheck.isSafe("volatile-ttl", StoreMode.STRING)).as("session keys have TTLs").isFalse();
        assertThat(EvictionPolicyCheck.isSafe("allkeys-lru", StoreMode.HASH)).isFalse();
    }

    @Test
    void replicaAcksIsOffByDefaultAndBounded() {
        assertThat(build(b -> { }).acks()).isNull();
        assertThat(build(b -> b.setReplicaAcks(1)).acks().timeout().toMillis()).isEqualTo(500);
        assertRefused(b -> b.setReplicaAcks(-1), "'replicaAcks'", "0 to 16");
        assertRefused(b -> {
            b.setReplicaAcks(1);
            b.setReplicaAckTimeout(0);
        }, "'replicaAckTimeout'", "1 to 60000");
    }

    @Test
    void badValuesNameTheAttributeTheValueAndWhatIsAllowed() {
        assertRefused(b -> b.setMode("list"), "'mode'", "'list'", "hash, string");
        assertRefused(b -> b.setBucketCount(1000), "'bucketCount'", "'1000'", "power of two");
        assertRefused(b -> b.setBucketCount(131072), "'bucketCount'", "65536");
        assertRefused(b -> b.setKeyPrefix("app {x}:"), "'keyPrefix'", "'{'");
        assertRefused(b -> b.setTimeout(0), "'timeout'", "10 to 60000");
        assertRefused(b -> b.setRetryAttempts(9), "'retryAttempts'", "0 to 5");
        assertRefused(b -> b.setAddress("http://x:1"), "'address'", "redis://host:port");
        assertRefused(b -> b.setAddress("redis://user:secret@x"), "'address'", "***@");
        assertRefused(b -> b.setAddress(null), "'address'", "redissonConfig");
        assertRefused(b -> b.setBucketGenerator("java.lang.String"), "'bucketGenerator'", "BucketGenerator");
        assertRefused(b -> b.setRedissonConfig(dir.resolve("missing.yaml").toString()), "'address'", "not both");
    }

    @Test
    void passwordsInAnAddressAreNeverShown() {
        assertThatThrownBy(() -> build(b -> b.setAddress("redis://user:secret@x")))
                .hasMessageNotContaining("secret");
        assertThat(build(b -> b.setAddress("redis://:secret@127.0.0.1:6379")).toString()).doesNotContain("secret");
    }

    @Test
    void redissonYamlIsReadAndCheckedAtStart() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        assertRefused(b -> {
            b.setAddress(null);
            b.setRedissonConfig(missing.toString());
        }, "'redissonConfig'", "readable");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "singleServerConfig:\n  adress: x\n");
        assertRefused(b -> {
            b.setAddress(null);
            b.setRedissonConfig(broken.toString());
        }, "'redissonConfig'", "valid Redisson YAML");
        Path good = Files.writeString(dir.resolve("good.yaml"), "singleServerConfig:\n  address: redis://127.0.0.1:6379\n");
        RedisStoreSettings s = build(b -> {
            b.setAddress(null);
            b.setRedissonConfig(good.toString());
        });
        assertThat(s.clientIdentity()).startsWith("yaml:");
        Path templated = Files.writeString(dir.resolve("templated.yaml"),
                "singleServerConfig:\n  address: redis://127.0.0.1:${sessionstores.test.port:-6379}\n");
        System.setProperty("sessionstores.test.port", "7199");
        try {
            RedisStoreSettings onOtherPort = build(b -> {
                b.setAddress(null);
                b.setRedissonConfig(templated.toString());
            });
            assertThat(onOtherPort.clientIdentity()).as("placeholders are resolved before clients are shared")
                    .contains("127.0.0.1:7199").isNotEqualTo(s.clientIdentity());
        } finally {
            System.clearProperty("sessionstores.test.port");
        }
        assertThat(s.redissonConfig().isSingleConfig()).isTrue();
    }
}
