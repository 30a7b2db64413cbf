package io.sessionstores.core.analysis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * One run of {@link AnalyzeCommand} in this JVM with the backends the class path offers (found
 * by ServiceLoader, as the real command finds them), its output captured.
 *
 * @param exit the exit code
 * @param out  what it printed on standard output (the report)
 * @param err  what it printed on standard error (messages)
 */
public record CommandRun(int exit, String out, String err) {

    /** Runs {@code analyze} with {@code args}. */
    public static CommandRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<AnalysisStoreFactory> factories = new ArrayList<>();
        ServiceLoader.load(AnalysisStoreFactory.class).forEach(factories::add);
        int exit = new AnalyzeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), factories).run(args);
        return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
