package io.sessionstores.core.migrate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.config.OptionValues;
import io.sessionstores.core.store.ScanRequest;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.support.LogText;
import io.sessionstores.core.tool.StoreCommandLine;

/**
 * The migration copy from a shell, with the stores named as for the {@code analyze} command,
 * each option prefixed by {@code from-} (the old store) or {@code to-} (the new one):
 *
 * <pre>
 * java -cp ... io.sessionstores.core.migrate.MigrateCommand migrate --app /Catalina/localhost/shop \
 *     --from-jdbc-url jdbc:postgresql://db/sessions --to-redis-address redis://redis:6379
 * </pre>
 *
 * Prints a progress line per {@value #PROGRESS_EVERY_MS} ms with the cursor to resume from
 * ({@code --cursor}); a run from the start is safe too (copied sessions left the old store).
 * Exit codes: 0 done, 1 failed half-way (resume with the cursor printed), 2 bad arguments, 3 a
 * store could not be reached.
 */
public final class MigrateCommand {

    private static final Set<String> OWN_OPTIONS = Set.of("--batch-size", "--pause-ms", "--cursor", "--keep-source",
            "--threads");
    private static final long PROGRESS_EVERY_MS = 2_000;

    private final PrintStream out;
    private final List<StoreFactory> factories;
    private final StoreCommandLine line;

    /** A command printing to {@code out}, with these backends. */
    public MigrateCommand(PrintStream out, List<StoreFactory> factories) {
        this.out = out;
        this.factories = factories;
        this.line = new StoreCommandLine("migrate", OWN_OPTIONS, factories);
    }

    /** Runs the command; exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(new MigrateCommand(System.out, StoreCommandLine.backends()).run(args));
    }

    /** Runs the command; returns its exit code (those of {@link StoreCommandLine}). */
    public int run(String[] args) {
        if (StoreCommandLine.wantsHelp(args)) {
            out.print(usage());
            return 0;
        }
        Map<String, String> own = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        Map<String, String> to = new LinkedHashMap<>();
        SessionCopy.Options options;
        StoreFactory sourceFactory;
        StoreFactory targetFactory;
        try {
            parse(args, own, from, to);
            String app = ConfigCheck.required("--app", own.get("--app"),
                    "the application name as Tomcat gives it, /<engine>/<host><context path>");
            from.put("--app", app);
            to.put("--app", app);
            options = new SessionCopy.Options(
                    OptionValues.integer(own, "--batch-size", 1000, 1, ScanRequest.MAX_LIMIT),
                    Duration.ofMillis(OptionValues.number(own, "--pause-ms", 0, 0, 60_000)),
                    OptionValues.text(own, "--cursor", "the cursor a run printed to resume from"),
                    !OptionValues.bool(own, "--keep-source", false),
                    OptionValues.integer(own, "--threads", SessionCopy.DEFAULT_THREADS, 1, SessionCopy.MAX_THREADS));
            sourceFactory = factory(from, "--from-");
            targetFactory = factory(to, "--to-");
        } catch (IllegalArgumentException e) {
            out.println("migrate: " + e.getMessage());
            out.println(usage());
            return StoreCommandLine.BAD_ARGUMENTS;
        }
        SessionStore source = null;
        SessionStore target = null;
        try {
            // both started (every value checked) before either is called
            source = line.start(sourceFactory, from, "--from-");
            target = line.start(targetFactory, to, "--to-");
            reach(source, "old");
            reach(target, "new");
            return copy(source, target, options);
        } catch (ConfigException e) {
            out.println("migrate: " + e.getMessage());
            return StoreCommandLine.BAD_ARGUMENTS;
        } catch (StoreException e) {
            out.println("migrate: " + LogText.escape(e.getMessage()));
            return StoreCommandLine.STORE_UNREACHABLE;
        } finally {
            if (target != null) {
                target.stop();
            }
            if (source != null) {
                source.stop();
            }
        }
    }

    private static void reach(SessionStore store, String which) throws StoreException {
        try {
            store.count();
        } catch (StoreException e) {
            throw new StoreException("the " + which + " store cannot be reached: " + e.getMessage(), e);
        }
    }

    private int copy(SessionStore source, SessionStore target, SessionCopy.Options options) {
        SessionCopy.Progress progress = new SessionCopy.Progress();
        long started = System.nanoTime();
        Thread ticker = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(PROGRESS_EVERY_MS);
                    out.println("migrate: " + progress);
                }
            } catch (InterruptedException e) {
                // the copy ended
            }
        }, "migrate progress");
        ticker.setDaemon(true);
        ticker.start();
        try {
            new SessionCopy(source, target).run(options, progress);
            return 0;
        } catch (StoreException e) {
            out.println("migrate: failed (" + LogText.safe(e.getMessage()) + "); run again with --cursor "
                    + LogText.escape(progress.cursor())
                    + " to resume, or from the start");
            return StoreCommandLine.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StoreCommandLine.FAILED;
        } finally {
            ticker.interrupt();
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            out.printf(Locale.ROOT, "migrate: %s; %.0f sessions/s%n", progress, progress.copied() / seconds);
        }
    }

    /** Splits {@code migrate --name value ...} into the command's own options and each store's (prefix removed). */
    private void parse(String[] args, Map<String, String> own, Map<String, String> from, Map<String, String> to) {
        if (args.length == 0 || !"migrate".equals(args[0])) {
            throw new IllegalArgumentException("the first argument must be the command 'migrate'");
        }
        StoreCommandLine.pairs(args, this::isKnown).forEach((name, value) -> {
            if (OWN_OPTIONS.contains(name) || "--app".equals(name)) {
                own.put(name, value);
            } else if (name.startsWith("--from-")) {
                from.put("--" + name.substring(7), value);
            } else {
                to.put("--" + name.substring(5), value);
            }
        });
    }

    private boolean isKnown(String name) {
        return OWN_OPTIONS.contains(name) || "--app".equals(name)
                || name.startsWith("--from-") && isStoreOption("--" + name.substring(7))
                || name.startsWith("--to-") && isStoreOption("--" + name.substring(5));
    }

    /** The command's own options (besides {@code --app} and the stores' prefixed options). */
    public static Set<String> ownOptions() {
        return OWN_OPTIONS;
    }

    private boolean isStoreOption(String option) {
        return factories.stream().anyMatch(f -> f.options().contains(option));
    }

    private StoreFactory factory(Map<String, String> options, String prefix) {
        try {
            return line.factory(options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + " store: " + e.getMessage(), e);
        }
    }

    private String usage() {
        return """
                usage: migrate --app /<engine>/<host><context path> --from-<store option> V ... --to-<store option> V ...
                               [--batch-size N (1000)] [--pause-ms MS (0)] [--threads N (4)]
                               [--cursor C (resume)] [--keep-source true|false|yes|no (false)]
                each store option below prefixed with from- (the old store) or to- (the new one),
                e.g. --from-jdbc-url URL --to-redis-address redis://host:6379
                """ + line.storeUsage();
    }
}
