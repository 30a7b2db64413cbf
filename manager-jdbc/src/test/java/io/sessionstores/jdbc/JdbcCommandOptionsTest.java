package io.sessionstores.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sessionstores.core.analysis.CommandRun;

/**
 * Every option of the JDBC store's command-line factory with a bad value, through {@code analyze}
 * and {@code migrate} ({@code --from-}/{@code --to-}): exit status 2 and a message naming the
 * option as typed, the value and what is allowed, before any connection is made (an H2 file URL
 * in a directory that does not exist shows one was not).
 */
class JdbcCommandOptionsTest {

    private static final String APP = "/Catalina/localhost/jdbc-options";
    private static final String URL = "jdbc:h2:file:./target/no-such-dir-jdbc-options/db";

    /** Bad values per option; an option whose every value is acceptable text maps to an empty list. */
    private static final Map<String, List<String>> BAD = Map.of(
            "--jdbc-url", List.of("notjdbc", " "),
            "--jdbc-user", List.of(),
            "--jdbc-password", List.of(),
            "--table", List.of("x; drop", "1table", "a.b.c"),
            "--dialect", List.of("oracle", "true", " "));

    @Test
    void everyOptionOfTheFactoryIsListed() {
        assertThat(BAD).containsOnlyKeys(new JdbcStoreFactory().options().toArray(String[]::new));
    }

    static Stream<Arguments> cases() {
        return CommandRun.cases(BAD);
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @MethodSource("cases")
    void aBadValueIsRefusedNamingTheOption(String option, String value) {
        Map<String, String> args = new java.util.LinkedHashMap<>(Map.of("--jdbc-url", URL));
        args.put(option, value);
        String[] analyze = CommandRun.argv("analyze", APP, args);
        CommandRun run = CommandRun.of(analyze);
        assertThat(run.exit()).as("analyze %s: %s", option, run.err()).isEqualTo(2);
        assertThat(run.err()).contains("option '" + option + "'").contains("'" + value + "'");

        for (String side : List.of("--from-", "--to-")) {
            Map<String, String> migrate = new java.util.LinkedHashMap<>();
            migrate.put("--from-jdbc-url", URL);
            migrate.put("--to-jdbc-url", URL + "2");
            migrate.put("--from-table", "old_sessions");
            migrate.put("--to-table", "new_sessions");
            migrate.put(side + option.substring(2), value);
            CommandRun moved = CommandRun.migrate(CommandRun.argv("migrate", APP, migrate));
            assertThat(moved.exit()).as("migrate %s%s: %s", side, option, moved.out()).isEqualTo(2);
            assertThat(moved.out()).contains("option '" + side + option.substring(2) + "'").contains("'" + value + "'");
        }
    }
}
