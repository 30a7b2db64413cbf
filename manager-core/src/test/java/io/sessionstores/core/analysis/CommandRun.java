package io.sessionstores.core.analysis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import io.sessionstores.core.expiry.ExpireCommand;
import io.sessionstores.core.migrate.MigrateCommand;
import io.sessionstores.core.tool.StoreCommandLine;

/**
 * One run of {@link AnalyzeCommand}, {@link ExpireCommand} or {@link MigrateCommand} in this JVM with the backends the class path offers (found
 * by ServiceLoader, as the real command finds them), its output captured.
 *
 * @param exit the exit code
 * @param out  what it printed on standard output (the report)
 * @param err  what it printed on standard error (messages)
 */
public record CommandRun(int exit, String out, String err) {

    /** Runs {@code analyze} with {@code args}. */
    public static CommandRun of(String... args) {
        return run((out, err) -> new AnalyzeCommand(out, err, StoreCommandLine.backends()).run(args));
    }

    /** Runs {@code expire} with {@code args}. */
    public static CommandRun expire(String... args) {
        return run((out, err) -> new ExpireCommand(out, err, StoreCommandLine.backends()).run(args));
    }

    /** Runs {@code migrate} with {@code args} (it prints everything on standard output). */
    public static CommandRun migrate(String... args) {
        return run((out, err) -> new MigrateCommand(out, StoreCommandLine.backends()).run(args));
    }

    /** {@code command --app app} followed by {@code options} as {@code --name value} pairs. */
    public static String[] argv(String command, String app, Map<String, String> options) {
        List<String> args = new ArrayList<>(List.of(command, "--app", app));
        options.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return args.toArray(String[]::new);
    }

    /** One case per (option, bad value) of a table, for a parameterized test. */
    public static Stream<Arguments> cases(Map<String, List<String>> badValues) {
        return badValues.entrySet().stream().flatMap(e -> e.getValue().stream().map(v -> Arguments.of(e.getKey(), v)));
    }

    private static CommandRun run(BiFunction<PrintStream, PrintStream, Integer> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command.apply(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
