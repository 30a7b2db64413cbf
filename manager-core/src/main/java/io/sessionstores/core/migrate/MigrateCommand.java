package io.sessionstores.core.migrate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.sessionstores.core.analysis.AnalysisStoreFactory;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreException;

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

    private static final List<String> OWN_OPTIONS = List.of("--app", "--batch-size", "--pause-ms", "--cursor",
            "--keep-source", "--threads");
    private static final long PROGRESS_EVERY_MS = 2_000;

    private final PrintStream out;
    private final List<AnalysisStoreFactory> factories;

    /** A command printing to {@code out}, with these backends. */
    public MigrateCommand(PrintStream out, List<AnalysisStoreFactory> factories) {
        this.out = out;
        this.factories = factories;
    }

    /** Runs the command; exits the JVM with its exit code. */
    public static void main(String[] args) {
        List<AnalysisStoreFactory> found = new ArrayList<>();
        ServiceLoader.load(AnalysisStoreFactory.class).forEach(found::add);
        System.exit(new MigrateCommand(System.out, found).run(args));
    }

    /** Runs the command; returns its exit code (those of {@code analyze}). */
    public int run(String[] args) {
        Map<String, String> own = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        Map<String, String> to = new LinkedHashMap<>();
        SessionCopy.Options options;
        SessionStore source;
        SessionStore target;
        try {
            parse(args, own, from, to);
            String app = ConfigCheck.required("--app", own.get("--app"),
                    "the application name as Tomcat gives it, /<engine>/<host><context path>");
            from.put("--app", app);
            to.put("--app", app);
            options = new SessionCopy.Options(
                    (int) ConfigCheck.range("--batch-size", number(own, "--batch-size", 1000), 1, 100_000),
                    Duration.ofMillis(ConfigCheck.range("--pause-ms", number(own, "--pause-ms", 0), 0, 60_000)),
                    own.get("--cursor"), !Boolean.parseBoolean(own.getOrDefault("--keep-source", "false")),
                    (int) ConfigCheck.range("--threads", number(own, "--threads", SessionCopy.DEFAULT_THREADS), 1,
                            SessionCopy.MAX_THREADS));
            source = factory(from, "--from-").create(from);
            target = factory(to, "--to-").create(to);
        } catch (IllegalArgumentException e) {
            out.println("migrate: " + e.getMessage());
            out.println(usage());
            return 2;
        }
        String app = own.get("--app");
        try {
            start(source, app, "old");
            try {
                start(target, app, "new");
                return copy(source, target, options);
            } finally {
                target.stop();
            }
        } catch (ConfigException e) {
            out.println("migrate: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            out.println("migrate: " + e.getMessage());
            return 3;
        } finally {
            source.stop();
        }
    }

    private static void start(SessionStore store, String app, String which) throws StoreException {
        try {
            store.start(new StoreContext(app, "migrate " + app + " (" + which + " store)",
                    MigrateCommand.class.getClassLoader(), System::currentTimeMillis));
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
                // done
            }
        }, "migrate progress");
        ticker.setDaemon(true);
        ticker.start();
        try {
            new SessionCopy(source, target).run(options, progress);
            return 0;
        } catch (StoreException e) {
            out.println("migrate: failed (" + e.getMessage() + "); run again with --cursor " + progress.cursor()
                    + " to resume, or from the start");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            ticker.interrupt();
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            out.printf(java.util.Locale.ROOT, "migrate: %s; %.0f sessions/s%n", progress, progress.copied() / seconds);
        }
    }

    private void parse(String[] args, Map<String, String> own, Map<String, String> from, Map<String, String> to) {
        if (args.length == 0 || !"migrate".equals(args[0])) {
            throw new IllegalArgumentException("the first argument must be the command 'migrate'");
        }
        for (int i = 1; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[i + 1];
            if (OWN_OPTIONS.contains(name)) {
                own.put(name, value);
            } else if (name.startsWith("--from-") && isStoreOption("--" + name.substring(7))) {
                from.put("--" + name.substring(7), value);
            } else if (name.startsWith("--to-") && isStoreOption("--" + name.substring(5))) {
                to.put("--" + name.substring(5), value);
            } else {
                throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
    }

    private boolean isStoreOption(String option) {
        return factories.stream().anyMatch(f -> f.options().contains(option));
    }

    private AnalysisStoreFactory factory(Map<String, String> options, String prefix) {
        List<AnalysisStoreFactory> matching = factories.stream().filter(f -> f.accepts(options)).toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException(matching.isEmpty() ? "name the " + prefix + " store (options below)"
                    : "options of two stores were given with " + prefix + "; name one store");
        }
        return matching.get(0);
    }

    private static long number(Map<String, String> options, String name, long defaultValue) {
        return ConfigCheck.wholeNumber(name, options.get(name), defaultValue);
    }

    private String usage() {
        StringBuilder text = new StringBuilder("""
                usage: migrate --app /<engine>/<host><context path> --from-<store options> --to-<store options>
                               [--batch-size N (1000)] [--pause-ms MS (0)] [--cursor C (resume)] [--keep-source true] [--threads N (4)]
                store options (prefix each with from- or to-, e.g. --from-jdbc-url, --to-redis-address):
                """);
        factories.forEach(f -> text.append(f.usage()));
        return text.toString();
    }
}
