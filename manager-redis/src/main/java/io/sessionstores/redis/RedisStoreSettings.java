package io.sessionstores.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;

/**
 * The validated, frozen configuration of one {@link RedisSessionStore}, built at start from the
 * XML attributes ({@link #validate}); the running store reads only this.
 */
record RedisStoreSettings(StoreMode mode, String keyPrefix, int bucketCount, BucketGenerator bucketGenerator,
                          String yamlFile, String yaml, String address, int timeoutMillis, int retryAttempts,
                          int sweepPeriodSeconds, int sweepBudgetMillis, int sweepFieldsPerCall,
                          int replicaAcks, int replicaAckTimeoutMillis, Config given) {

    static final int MAX_BUCKETS = 65536;
    /**
     * The default bucket count: 10 to 60 sessions per bucket, the cheap range of the memory
     * table, from about 40,000 to 250,000 sessions, and still listpacks (at most 512 entries) at
     * 1,000,000.
     */
    static final int DEFAULT_BUCKETS = 4096;
    private static final int MAX_PREFIX = 64;
    private static final int MAX_REPLICA_ACKS = 16;

    /** The {@code replicaAcks} setting, or {@code null} when it is off (0). */
    ReplicaAcks acks() {
        return replicaAcks == 0 ? null : new ReplicaAcks(replicaAcks, Duration.ofMillis(replicaAckTimeoutMillis));
    }

    KeyLayout layout() {
        return new KeyLayout(mode, keyPrefix, bucketCount, bucketGenerator);
    }

    /**
     * What makes two stores share a client: the YAML with every {@code ${...}} resolved, the
     * address and timeouts, or the same configuration object given in code.
     */
    String clientIdentity() {
        if (given != null) {
            return "given:" + System.identityHashCode(given);
        }
        return yaml != null ? "yaml:" + yaml : "address:" + address + "|" + timeoutMillis + "|" + retryAttempts;
    }

    /** The Redisson configuration (a fresh object: Redisson keeps and mutates it). */
    Config redissonConfig() {
        Config config;
        if (given != null) {
            config = new Config(given);
        } else if (yaml != null) {
            try {
                config = Config.fromYAML(yaml);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            config = new Config();
            config.useSingleServer()
                    .setAddress(address)
                    .setTimeout(timeoutMillis)
                    .setConnectTimeout(timeoutMillis)
                    .setRetryAttempts(retryAttempts)
                    .setRetryDelay(new ConstantDelay(Duration.ofMillis(Math.min(200, timeoutMillis))));
        }
        config.setCodec(ByteArrayCodec.INSTANCE);
        return MasterReads.force(config);
    }

    /** The connection for log lines, without credentials. */
    String describeClient() {
        return yaml != null || given != null ? "Redisson config " + yamlFile : "Redis " + maskedAddress(address);
    }

    @Override
    public String toString() {
        return "mode=" + mode.name().toLowerCase() + ", keyPrefix=" + keyPrefix
                + (mode == StoreMode.HASH ? ", bucketCount=" + bucketCount + ", bucketGenerator="
                + bucketGenerator.getClass().getName() + ", sweepPeriodSeconds=" + sweepPeriodSeconds : "")
                + (replicaAcks > 0 ? ", replicaAcks=" + replicaAcks + ", replicaAckTimeout=" + replicaAckTimeoutMillis
                + "ms" : "")
                + ", " + describeClient() + (yaml == null && given == null ? ", timeout=" + timeoutMillis + "ms, retryAttempts="
                + retryAttempts : "");
    }

    static String maskedAddress(String address) {
        int at = address.lastIndexOf('@');
        int scheme = address.indexOf("://");
        return at < 0 ? address : address.substring(0, scheme + 3) + "***@" + address.substring(at + 1);
    }

    /** Eight hex digits of a SHA-256 of the application name (the default prefix, the layout key). */
    static String appHash(String appName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(appName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Validates the store's XML attributes as set and freezes them; throws {@link ConfigException}
     * naming the first bad attribute, its value and what is allowed.
     */
    static RedisStoreSettings validate(RedisSessionStore s, String appName) {
        StoreMode m = ConfigCheck.oneOf("mode", s.getMode(), StoreMode.class);
        String prefix = s.getKeyPrefix() == null ? Checks.defaultPrefix(appName) : Checks.checkPrefix(s.getKeyPrefix());
        Checks.checkBucketCount(s.getBucketCount());
        ConfigCheck.range("timeout", s.getTimeout(), 10, 60_000);
        ConfigCheck.range("retryAttempts", s.getRetryAttempts(), 0, 5);
        ConfigCheck.range("sweepPeriodSeconds", s.getSweepPeriodSeconds(), 1, 86_400);
        ConfigCheck.range("sweepBudgetMillis", s.getSweepBudgetMillis(), 1, 60_000);
        ConfigCheck.range("sweepFieldsPerCall", s.getSweepFieldsPerCall(), 10, 10_000);
        ConfigCheck.range("replicaAcks", s.getReplicaAcks(), 0, MAX_REPLICA_ACKS);
        ConfigCheck.range("replicaAckTimeout", s.getReplicaAckTimeout(), 1, 60_000);
        BucketGenerator generator = Checks.instantiate(s.getBucketGenerator());
        String redissonConfig = s.getRedissonConfig();
        String address = s.getAddress();
        String yaml = null;
        String addr = null;
        if (s.getClientConfig() != null) {
            if (Checks.isSet(redissonConfig) || Checks.isSet(address)) {
                throw new ConfigException(Checks.isSet(redissonConfig) ? "redissonConfig" : "address",
                        Checks.isSet(redissonConfig) ? redissonConfig : maskedAddress(address),
                        "not set when a Redisson configuration is given in code (clientConfig)");
            }
            return new RedisStoreSettings(m, prefix, s.getBucketCount(), generator, GIVEN_IN_CODE, null, null,
                    s.getTimeout(), s.getRetryAttempts(), s.getSweepPeriodSeconds(), s.getSweepBudgetMillis(),
                    s.getSweepFieldsPerCall(), s.getReplicaAcks(), s.getReplicaAckTimeout(), s.getClientConfig());
        }
        if (Checks.isSet(redissonConfig)) {
            if (Checks.isSet(address)) {
                throw new ConfigException("address", address, "give either redissonConfig or address, not both");
            }
            yaml = Checks.readYaml(redissonConfig.trim());
        } else {
            addr = Checks.checkAddress(ConfigCheck.required("address", address,
                    "a redissonConfig YAML file or an address such as redis://127.0.0.1:6379"));
        }
        return new RedisStoreSettings(m, prefix, s.getBucketCount(), generator,
                Checks.isSet(redissonConfig) ? redissonConfig.trim() : null, yaml, addr, s.getTimeout(),
                s.getRetryAttempts(), s.getSweepPeriodSeconds(), s.getSweepBudgetMillis(), s.getSweepFieldsPerCall(),
                s.getReplicaAcks(), s.getReplicaAckTimeout(), null);
    }

    /** What log lines name instead of a file when the configuration was given in code. */
    static final String GIVEN_IN_CODE = "(given in code)";

    /** The checks behind {@link #validate}, one per attribute. */
    static final class Checks {

        private Checks() {
        }

        private static boolean isSet(String value) {
            return value != null && !value.isBlank();
        }

        private static String defaultPrefix(String appName) {
            return "ss:" + appHash(appName) + ":";
        }

        private static String checkPrefix(String prefix) {
            boolean ok = !prefix.isEmpty() && prefix.length() <= MAX_PREFIX
                    && prefix.chars().allMatch(c -> c > ' ' && c < 127 && c != '{' && c != '}');
            if (!ok) {
                throw new ConfigException("keyPrefix", prefix, "1 to " + MAX_PREFIX
                        + " printable ASCII characters without spaces, '{' or '}'");
            }
            return prefix;
        }

        private static void checkBucketCount(int count) {
            if (count < 1 || count > MAX_BUCKETS || Integer.bitCount(count) != 1) {
                throw new ConfigException("bucketCount", count, "a power of two from 1 to " + MAX_BUCKETS);
            }
        }

        private static BucketGenerator instantiate(String className) {
            String name = ConfigCheck.required("bucketGenerator", className, "a BucketGenerator class name");
            try {
                Class<?> type = Class.forName(name, true, RedisSessionStore.class.getClassLoader());
                if (!BucketGenerator.class.isAssignableFrom(type)) {
                    throw new ConfigException("bucketGenerator", name, "a class implementing " + BucketGenerator.class.getName());
                }
                return (BucketGenerator) type.getConstructor().newInstance();
            } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException
                     | IllegalAccessException | InvocationTargetException e) {
                throw new ConfigException("bucketGenerator", name, "a public class with a public no-argument constructor"
                        + " implementing " + BucketGenerator.class.getName() + " (" + e + ")");
            }
        }

        /**
         * Replaces {@code ${name}} and {@code ${name:-default}} as Redisson does (environment
         * variable, else system property, else the default), so that the text names the servers
         * it reaches: two files (or one file under two sets of properties) share a client only
         * when they resolve to the same configuration.
         */
        static String resolvePlaceholders(String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = System.getenv(m.group(1));
                if (value == null) {
                    value = System.getProperty(m.group(1), m.group(2));
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([\\w.]+)(?::-(.*?))?\\}");

        /** The file's configuration, {@code ${...}} resolved, as YAML. */
        private static String readYaml(String file) {
            String text;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("redissonConfig", file, "a readable Redisson YAML file (" + e.getClass().getSimpleName() + ")");
            }
            String resolved = resolvePlaceholders(text);
            try {
                Config.fromYAML(resolved);
                MasterReads.requireMasterModes(file, resolved);
                return resolved;
            } catch (ConfigException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("redissonConfig", file, "a valid Redisson YAML configuration: "
                        + RedisErrors.safeMessage(e.getMessage()));
            }
        }

        private static String checkAddress(String address) {
            try {
                URI uri = new URI(address);
                if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getPort() > 0) {
                    return address;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new ConfigException("address", maskedAddress(address), "redis://host:port or rediss://host:port");
        }
    }
}
