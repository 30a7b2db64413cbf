package io.sessionstores.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.sessionstores.testsupport.RedisCli;
import io.sessionstores.testsupport.TestServices;

/**
 * The sample's own set-up (Redis, hash mode) on the Redis the tests share, under a key prefix of
 * this test's own; and a bad property stopping the application with a message naming it.
 */
class RedisTwoSampleNodesIT extends AbstractTwoSampleNodesIT {

    private final String prefix = "ssboot-it-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @Override
    List<String> storeArguments() {
        return List.of("--session-stores.redis.address=" + TestServices.redisAddress(),
                "--session-stores.redis.key-prefix=" + prefix);
    }

    /** Sessions are fields of the bucket hashes {@code <prefix><4 hex digits>}. */
    @Override
    long storedSessions() throws Exception {
        long fields = 0;
        String cursor = "0";
        do {
            Object[] reply = (Object[]) RedisCli.reply(TestServices.redisPort(), "SCAN", cursor, "MATCH", prefix + "*",
                    "COUNT", "1000");
            cursor = text(reply[0]);
            for (Object key : (Object[]) reply[1]) {
                String k = text(key);
                if (k.substring(prefix.length()).matches("[0-9a-f]{4}")) {
                    fields += ((Number) RedisCli.reply(TestServices.redisPort(), "HLEN", k)).longValue();
                }
            }
        } while (!"0".equals(cursor));
        return fields;
    }

    /** This test's keys, and the layout record naming its prefix. */
    @org.junit.jupiter.api.AfterAll
    void removeKeys() throws Exception {
        int port = TestServices.redisPort();
        for (String pattern : List.of(prefix + "*", "ss:*:layout")) {
            String cursor = "0";
            do {
                Object[] reply = (Object[]) RedisCli.reply(port, "SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
                cursor = text(reply[0]);
                for (Object key : (Object[]) reply[1]) {
                    String k = text(key);
                    if (k.startsWith(prefix) || text(RedisCli.reply(port, "GET", k)).contains("keyPrefix=" + prefix + ",")) {
                        RedisCli.reply(port, "UNLINK", k);
                    }
                }
            } while (!"0".equals(cursor));
        }
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    @Test
    void theSessionsAreInRedisUnderThePrefixOfTheProperties() throws Exception {
        long before = storedSessions();
        logIn(new Browser(), a, b);
        assertThat(storedSessions()).isGreaterThan(before);
    }

    @Test
    void aBadPropertyValueStopsTheApplicationNamingTheProperty() throws Exception {
        List<String> args = new java.util.ArrayList<>(storeArguments());
        args.add("--session-stores.redis.bucket-count=1000");
        try (SampleNode bad = SampleNode.launch("RedisTwoSampleNodesIT-bad-property", contextPath, args)) {
            assertThat(bad.awaitExit()).isNotZero();
            assertThat(bad.output()).contains("Invalid value '1000' for attribute 'session-stores.redis.bucket-count'",
                    "a power of two");
        }
    }
}
