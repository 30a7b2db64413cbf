package io.sessionstores.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.analysis.CommandRun;

/**
 * Every option of a backend's command-line factory with a bad value, through {@code analyze} and
 * {@code migrate} ({@code --from-}/{@code --to-}): exit status 2 and a message naming the option as
 * typed, the value and what is allowed, before any connection is made (the store options of a
 * subclass name a store nothing answers, so a run that got as far as connecting would end with 3).
 *
 * <p>One subclass per backend, a unit test ({@code *Test}): the in-memory test store has no
 * command-line factory, so every backend that has one (JDBC, Redis) runs this; the cached-JDBC store
 * is reached on the command line through the JDBC options of its table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CommandOptionsContract {

    private static final String APP = "/Catalina/localhost/command-options";

    /** The backend's factory. */
    protected abstract StoreFactory factory();

    /** Bad values per option; an option whose every value is acceptable text maps to an empty list. */
    protected abstract Map<String, List<String>> badValues();

    /**
     * The options naming a store of this backend (unreachable) for {@code analyze}, beside the
     * option under test, {@code option}; each option prefixed with {@code side} ("--" for
     * {@code analyze}, "--from-" or "--to-" for one side of {@code migrate}).
     */
    protected abstract Map<String, String> storeOptions(String side, String option);

    @Test
    void everyOptionOfTheFactoryIsListed() {
        assertThat(badValues()).containsOnlyKeys(factory().options().toArray(String[]::new));
    }

    Stream<Arguments> cases() {
        return CommandRun.cases(badValues());
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @MethodSource("cases")
    void aBadValueIsRefusedNamingTheOption(String option, String value) {
        Map<String, String> args = new LinkedHashMap<>(storeOptions("--", option));
        args.put(option, value);
        CommandRun run = CommandRun.of(CommandRun.argv("analyze", APP, args));
        assertThat(run.exit()).as("analyze %s: %s", option, run.err()).isEqualTo(2);
        assertThat(run.err()).contains("option '" + option + "'").contains("'" + value + "'");

        for (String side : List.of("--from-", "--to-")) {
            Map<String, String> migrate = new LinkedHashMap<>(storeOptions("--from-", side.equals("--from-") ? option : ""));
            migrate.putAll(storeOptions("--to-", side.equals("--to-") ? option : ""));
            String sided = side + option.substring(2);
            migrate.put(sided, value);
            CommandRun moved = CommandRun.migrate(CommandRun.argv("migrate", APP, migrate));
            assertThat(moved.exit()).as("migrate %s: %s", sided, moved.out()).isEqualTo(2);
            assertThat(moved.out()).contains("option '" + sided + "'").contains("'" + value + "'");
        }
    }
}
