package io.sessionstores.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option of every command, given a bad value: refused with exit status 2 and a message
 * naming the option, the value and what is allowed, before anything in the store changed. The
 * table must cover every option each command declares, so an option added later fails here until
 * it has a bad value listed (and is checked).
 */
class CommandOptionsTest {

    private static final String APP = "/Catalina/localhost/options-cli";

    @TempDir
    static Path dir;

    /** Bad values per command and option. */
    private static Map<CommandRunner, Map<String, List<String>>> badValues() {
        String missingFile = dir.resolve("no-such-ids.txt").toString();
        String noDirectory = dir.resolve("no-such-dir/report.txt").toString();
        return Map.of(
                CommandRunner.ANALYZE, Map.of(
                        "--app", List.of(" "),
                        "--bigger-than", List.of("12x", "-1", "99999999999"),
                        "--ids-from", List.of(missingFile, dir.toString()),
                        "--format", List.of("pdf"),
                        "--output", List.of(noDirectory, dir.toString()),
                        "--batch-size", List.of("0", "4294967297", "ten"),
                        "--pause-ms", List.of("-5", "1m", "600000")),
                CommandRunner.EXPIRE, Map.of(
                        "--app", List.of(" "),
                        "--batch-size", List.of("0", "100001", "4294967297", "1e3"),
                        "--max-run-millis", List.of("5", "1s", "86400001")),
                CommandRunner.SESSIONS, Map.of(
                        "--app", List.of(" "),
                        "--user", List.of(" "),
                        "--logout", List.of("maybe", "1", "on")),
                CommandRunner.MIGRATE, Map.of(
                        "--app", List.of(" "),
                        "--batch-size", List.of("0", "4294967297", "x"),
                        "--pause-ms", List.of("x", "-1", "60001"),
                        "--cursor", List.of(" "),
                        "--keep-source", List.of("maybe", "1", "on", "y", "ture", ""),
                        "--threads", List.of("0", "999", "4294967297")),
                CommandRunner.DEPLOY_CHECK, Map.ofEntries(
                        Map.entry("--app", List.of(" ")),
                        Map.entry("--war", List.of(" ", dir.resolve("no-such.war").toString())),
                        Map.entry("--sample", List.of("0", "-3", "some", "1.5", "1000000001")),
                        Map.entry("--batch-size", List.of("0", "100001", "x")),
                        Map.entry("--codec", List.of("kryo", " ")),
                        Map.entry("--allowed-class-names", List.of("com.example.(")),
                        Map.entry("--session-attribute-value-class-name-filter", List.of("[", " ")),
                        Map.entry("--max-depth", List.of("1", "1001", "deep")),
                        Map.entry("--max-decoded-size", List.of("10", "2147483647", "x")),
                        Map.entry("--hmac-key-env", List.of(" ", "SESSIONSTORES_TEST_NO_SUCH_VARIABLE")),
                        Map.entry("--delegate", List.of("maybe")),
                        Map.entry("--format", List.of("html")),
                        Map.entry("--output", List.of(noDirectory, dir.toString()))));
    }

    record Case(CommandRunner command, String option, String value) {
        @Override
        public String toString() {
            return command.command() + " " + option + " '" + value + "'";
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        badValues().forEach((command, options) -> options.forEach((option, values) -> values.forEach(
                value -> cases.add(new Case(command, option, value)))));
        return cases.stream();
    }

    @Test
    void everyOptionOfEveryCommandHasBadValuesListed() {
        for (CommandRunner command : CommandRunner.values()) {
            Set<String> declared = new HashSet<>(command.ownOptions());
            declared.add("--app");
            assertThat(badValues().get(command)).as("bad values listed for %s", command.command())
                    .containsOnlyKeys(declared.toArray(String[]::new));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadValueIsRefusedWithExit2NamingOptionValueAndWhatIsAllowedBeforeAnythingChanges(Case c) {
        String source = "opts-" + c.command().command() + "-old";
        String target = "opts-" + c.command().command() + "-new";
        Map<String, SessionRecord> records = CommandRunner.seed(source, APP);
        Map<String, SessionRecord> before = Map.copyOf(records);
        Map<String, SessionRecord> targetRecords = InMemorySessionStore.records(target, APP);
        targetRecords.clear();
        Map<String, String> args = new java.util.LinkedHashMap<>();
        args.put("--app", APP);
        if (c.command() == CommandRunner.MIGRATE) {
            args.put("--from-memory", source);
            args.put("--to-memory", target);
        } else {
            args.put("--memory", source);
        }
        args.put(c.option(), c.value());
        List<String> argv = new ArrayList<>();
        args.forEach((k, v) -> {
            argv.add(k);
            argv.add(v);
        });

        CommandRunner.Result run = c.command().run(argv.toArray(String[]::new));

        assertThat(run.exit()).as("exit status; output: %s", run.all()).isEqualTo(2);
        assertThat(run.all()).as("the message").contains("option '" + c.option() + "'")
                .contains("'" + c.value() + "'").containsPattern("allowed|required|a whole number|a readable file"
                        + "|a file in|a Java regular expression|a set environment variable");
        assertThat(records).as("the store after a refused run").isEqualTo(before);
        assertThat(targetRecords).as("the target store after a refused run").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CommandRunner.class)
    void helpPrintsTheUsageAndExits0(CommandRunner command) {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("--app", APP, "--help"),
                List.of("--app", "--help"))) {
            CommandRunner.Result run = command.run(args.toArray(String[]::new));
            assertThat(run.exit()).as("%s %s: %s", command.command(), args, run.all()).isZero();
            assertThat(run.out()).startsWith("usage: " + command.command()).contains("--memory NAME");
            for (String option : command.ownOptions()) {
                assertThat(run.out()).as("usage of %s", command.command()).contains(option);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CommandRunner.class)
    void anOptionGivenTwiceIsRefused(CommandRunner command) {
        String store = command == CommandRunner.MIGRATE ? "--from-memory" : "--memory";
        CommandRunner.Result run = command.run("--app", APP, store, "a", store, "b");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.all()).contains("option " + store + " is given twice");
    }
}
