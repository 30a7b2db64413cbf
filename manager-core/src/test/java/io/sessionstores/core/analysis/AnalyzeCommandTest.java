package io.sessionstores.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.StoreFactory;

/** The command line's argument handling and output, on the in-memory store (no service needed). */
class AnalyzeCommandTest {

    private static final String APP = "/Catalina/localhost/cli";

    @TempDir
    Path dir;

    private static final StoreFactory MEMORY = MemoryStoreFactory.MEMORY;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new AnalyzeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), List.of(MEMORY)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheChosenFormatToTheOutputFile() throws Exception {
        long future = System.currentTimeMillis() + 3_600_000;
        List<AnalysisFixture.Seeded> seeded = AnalysisFixture.population(future, future);
        Map<String, SessionRecord> records = InMemorySessionStore.records("cli-file", APP);
        seeded.forEach(s -> records.put(s.id(), s.record()));
        Path html = dir.resolve("sizes.html");

        Run run = run("analyze", "--app", APP, "--memory", "cli-file", "--bigger-than", "0", "--format", "html",
                "--output", html.toString());

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out()).as("nothing on standard output").isEmpty();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>")
                .contains("Processed " + seeded.size() + " sessions out of " + seeded.size() + " total sessions");
    }

    @Test
    void argumentErrorsExitWith2NamingTheProblem() {
        assertThat(run()).satisfies(r -> assertThat(r.exit()).isEqualTo(AnalyzeCommand.BAD_ARGUMENTS))
                .satisfies(r -> assertThat(r.err()).contains("'analyze'").contains("usage:").contains("--memory NAME"));
        assertThat(run("analyze", "--app", APP, "--memory").err()).contains("--memory needs a value");
        assertThat(run("analyze", "--app", APP, "--memory", "m", "--batch-size", "0").err()).contains("--batch-size");
        assertThat(run("analyze", "--app", APP, "--memory", "m", "--ids-from", dir.resolve("none.txt").toString()))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(AnalyzeCommand.BAD_ARGUMENTS))
                .satisfies(r -> assertThat(r.err()).contains("'--ids-from'").contains("no such file"));
    }
}
