package io.sessionstores.core.analysis;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sessionstores.core.config.OptionValues;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.support.LogText;
import io.sessionstores.core.tool.StoreCommandLine;

/**
 * The size analysis from a shell, against the same store a context uses:
 *
 * <pre>
 * java -cp ... io.sessionstores.core.analysis.AnalyzeCommand analyze --app /Catalina/localhost/shop \
 *     --jdbc-url jdbc:postgresql://db/sessions --bigger-than 10240 --format html --output sizes.html
 * </pre>
 *
 * Backends are found with {@link ServiceLoader} ({@link StoreFactory}). Exit codes: 0 done,
 * 1 the analysis failed half-way, 2 bad arguments, 3 the store could not be reached.
 */
public final class AnalyzeCommand {

    /** Exit code: bad arguments. */
    public static final int BAD_ARGUMENTS = StoreCommandLine.BAD_ARGUMENTS;
    /** Exit code: the store cannot be reached or refused the first call. */
    public static final int STORE_UNREACHABLE = StoreCommandLine.STORE_UNREACHABLE;
    /** Exit code: the store failed during the analysis. */
    public static final int FAILED = StoreCommandLine.FAILED;

    private static final Set<String> OWN_OPTIONS = Set.of("--bigger-than", "--ids-from", "--format",
            "--output", "--batch-size", "--pause-ms");
    private static final long PROGRESS_EVERY_MS = 500;

    private final PrintStream out;
    private final PrintStream err;
    private final StoreCommandLine commandLine;

    /** A command writing the report to {@code out} and messages to {@code err}, with these backends. */
    public AnalyzeCommand(PrintStream out, PrintStream err, List<StoreFactory> factories) {
        this.out = out;
        this.err = err;
        this.commandLine = new StoreCommandLine("analyze", OWN_OPTIONS, factories);
    }

    /** Runs the command; exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(new AnalyzeCommand(System.out, System.err, StoreCommandLine.backends()).run(args));
    }

    /** What the command reads from its own options. */
    private record Settings(AnalysisOptions analysis, ReportFormat format, Path output) {
    }

    /** Runs the command; returns its exit code. */
    public int run(String[] args) {
        return commandLine.run(args, out, err, usage(), options -> new Settings(analysisOptions(options),
                OptionValues.oneOf(options, "--format", ReportFormat.TEXT), OptionValues.writableFile(options, "--output")),
                (store, options, settings) -> analyse(store, options.get("--app"), settings.analysis(), settings.format(),
                        settings.output()));
    }

    private int analyse(SessionStore store, String app, AnalysisOptions analysis, ReportFormat format, Path output) {
        try {
            store.count();
        } catch (StoreException e) {
            err.println("analyze: cannot reach the store: " + LogText.escape(e.getMessage()));
            return STORE_UNREACHABLE;
        }
        AnalysisProgress progress = new AnalysisProgress();
        Thread ticker = System.console() != null ? progressLine(progress) : null;
        try {
            AnalysisReport report = new SessionAnalyzer(store, app, System::currentTimeMillis).run(analysis, progress);
            stop(ticker);
            commandLine.write(format.render(report), output, out, err);
            return 0;
        } catch (StoreException e) {
            stop(ticker);
            err.println("analyze: the store failed during the analysis: " + LogText.escape(e.getMessage()));
            return FAILED;
        } catch (IOException e) {
            err.println("analyze: cannot write the report: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /** A line on the terminal, rewritten in place, while the analysis runs. */
    private Thread progressLine(AnalysisProgress progress) {
        Thread ticker = new Thread(() -> {
            try {
                while (true) {
                    err.print("\ranalysed " + progress.processed() + " of " + progress.expected() + " sessions  ");
                    err.flush();
                    Thread.sleep(PROGRESS_EVERY_MS);
                }
            } catch (InterruptedException e) {
                err.print("\r" + " ".repeat(60) + "\r");
                err.flush();
            }
        }, "analyze progress");
        ticker.setDaemon(true);
        ticker.start();
        return ticker;
    }

    private static void stop(Thread ticker) {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- arguments -------------------------------------------------------------------------------

    private static AnalysisOptions analysisOptions(Map<String, String> options) throws IOException {
        Path idsFile = OptionValues.readableFile(options, "--ids-from");
        List<String> ids = null;
        if (idsFile != null) {
            try {
                ids = AnalysisOptions.readIds(idsFile);
            } catch (IOException e) {
                throw new IOException("cannot read --ids-from " + idsFile + ": " + e.getMessage(), e);
            }
        }
        return new AnalysisOptions(
                OptionValues.number(options, "--bigger-than", AnalysisOptions.DEFAULT_BIGGER_THAN, 0, Integer.MAX_VALUE),
                ids, OptionValues.integer(options, "--batch-size", AnalysisOptions.DEFAULT_BATCH_SIZE, 1,
                        ScanRequest.MAX_LIMIT),
                Duration.ofMillis(OptionValues.number(options, "--pause-ms", 0, 0, AnalysisOptions.MAX_PAUSE_MS)));
    }

    /** The command's own options (besides {@code --app} and the stores' options). */
    public static Set<String> ownOptions() {
        return OWN_OPTIONS;
    }

    private String usage() {
        StringBuilder text = new StringBuilder("""
                usage: analyze --app /<engine>/<host><context path> <store options>
                               [--bigger-than BYTES (10240)] [--ids-from FILE (one id per line)]
                               [--format text|json|html] [--output FILE] [--batch-size N (5000)] [--pause-ms MS (0)]
                """);
        return text.append(commandLine.storeUsage()).toString();
    }
}
