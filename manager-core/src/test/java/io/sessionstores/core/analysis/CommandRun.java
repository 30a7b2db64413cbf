package io.sessionstores.core.analysis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import io.sessionstores.core.cli.StoreCommandLine;
import io.sessionstores.core.expiry.ExpireCommand;

/**
 * One run of {@link AnalyzeCommand} or {@link ExpireCommand} in this JVM with the backends the class path offers (found
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

    private static CommandRun run(BiFunction<PrintStream, PrintStream, Integer> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command.apply(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
