package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sessionstores.core.analysis.CommandRun;

/**
 * Every option of the Redis store's command-line factory with a bad value, through {@code analyze}
 * and {@code migrate} ({@code --from-}/{@code --to-}): exit status 2 and a message naming the
 * option as typed, the value and what is allowed. The address is a closed loopback port, so a run
 * that got as far as connecting would end with 3, not 2.
 */
class RedisCommandOptionsTest {

    private static final String APP = "/Catalina/localhost/redis-options";
    private static final String ADDRESS = "redis://127.0.0.1:1";

    /** Bad values per option. */
    private static final Map<String, List<String>> BAD = Map.of(
            "--redisson-config", List.of(" ", "./target/no-such-redisson.yaml"),
            "--redis-address", List.of(" ", "localhost:6379", "http://h:1"),
            "--mode", List.of("list", "yes"),
            "--key-prefix", List.of("", "a b", "{app}"),
            "--bucket-count", List.of("3", "0", "65537", "many", "4294967296"),
            "--bucket-generator", List.of("no.such.Generator", "java.lang.String", " "));

    @Test
    void everyOptionOfTheFactoryIsListed() {
        assertThat(BAD).containsOnlyKeys(new RedisStoreFactory().options().toArray(String[]::new));
    }

    static Stream<Arguments> cases() {
        return CommandRun.cases(BAD);
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @MethodSource("cases")
    void aBadValueIsRefusedNamingTheOption(String option, String value) {
        Map<String, String> args = new LinkedHashMap<>();
        if (!option.equals("--redisson-config")) {
            args.put("--redis-address", ADDRESS);
        }
        args.put(option, value);
        CommandRun run = CommandRun.of(CommandRun.argv("analyze", APP, args));
        assertThat(run.exit()).as("analyze %s: %s", option, run.err()).isEqualTo(2);
        assertThat(run.err()).contains("option '" + option + "'").contains("'" + value + "'");

        for (String side : List.of("--from-", "--to-")) {
            Map<String, String> migrate = new LinkedHashMap<>();
            migrate.put("--from-redis-address", ADDRESS);
            migrate.put("--to-redis-address", ADDRESS);
            if (option.equals("--redisson-config")) {
                migrate.remove(side + "redis-address");
            }
            migrate.put(side + option.substring(2), value);
            CommandRun moved = CommandRun.migrate(CommandRun.argv("migrate", APP, migrate));
            assertThat(moved.exit()).as("migrate %s%s: %s", side, option.substring(2), moved.out()).isEqualTo(2);
            assertThat(moved.out()).contains("option '" + side + option.substring(2) + "'").contains("'" + value + "'");
        }
    }
}
