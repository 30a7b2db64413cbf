package io.sessionstores.core.expiry;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;

import io.sessionstores.core.config.OptionValues;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.support.LogText;
import io.sessionstores.core.tool.StoreCommandLine;

/**
 * One raw expiry pass from a shell or cron, the same {@link ExpiryPass} the {@link ExpiryValve}
 * runs, against the same store a context uses (built by the same {@link StoreFactory}s as
 * the {@code analyze} command):
 *
 * <pre>
 * java -jar manager-jdbc-all.jar expire --app /Catalina/localhost/shop \
 *     --jdbc-url jdbc:postgresql://db/sessions --batch-size 1000 --max-run-millis 60000
 * </pre>
 *
 * It takes the store's expiry lease first, so it never runs beside a valve or another
 * {@code expire} that holds it, and releases it at the end. Prints what it deleted and how long
 * it took. Exit codes: 0 done (the pass completed, or its time budget ran out and the next pass
 * continues), 1 the store failed during the pass, 2 bad arguments, 3 the store could not be
 * reached, 4 another node holds the expiry lease (nothing deleted).
 */
public final class ExpireCommand {

    /** Exit code: another node (a valve, another {@code expire}) holds the expiry lease. */
    public static final int LEASE_HELD_ELSEWHERE = 4;
    /** Default records (Redis hash mode: buckets) per batch. */
    static final int DEFAULT_BATCH_SIZE = 1000;
    /** Default time budget of the pass. */
    static final long DEFAULT_MAX_RUN_MILLIS = 60_000;
    /** How long the lease outlives the budget should this process die without releasing it. */
    static final long LEASE_MARGIN_MILLIS = 60_000;

    private static final Set<String> OWN_OPTIONS = Set.of("--batch-size", "--max-run-millis");

    private final PrintStream out;
    private final PrintStream err;
    private final StoreCommandLine commandLine;

    /** A command printing its result on {@code out} and messages on {@code err}, with these backends. */
    public ExpireCommand(PrintStream out, PrintStream err, List<StoreFactory> factories) {
        this.out = out;
        this.err = err;
        this.commandLine = new StoreCommandLine("expire", OWN_OPTIONS, factories);
    }

    /** Runs the command; exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(new ExpireCommand(System.out, System.err, StoreCommandLine.backends()).run(args));
    }

    /** Runs the command; returns its exit code. */
    public int run(String[] args) {
        return commandLine.run(args, out, err, usage(), options -> {
            long maxRunMillis = OptionValues.number(options, "--max-run-millis", DEFAULT_MAX_RUN_MILLIS, 10,
                    86_400_000);
            return new ExpiryPass(OptionValues.integer(options, "--batch-size", DEFAULT_BATCH_SIZE, 1, 100_000),
                    maxRunMillis, maxRunMillis + LEASE_MARGIN_MILLIS);
        }, (store, options, pass) -> expire(store, pass, options.get("--app")));
    }

    private int expire(SessionStore store, ExpiryPass pass, String app) {
        String owner = "expire " + ManagementFactory.getRuntimeMXBean().getName();
        try {
            if (!store.acquireExpiryLease(owner, pass.leaseMillis())) {
                err.println("expire: " + app + ": another node holds the expiry lease (" + holder(store)
                        + "); nothing deleted");
                return LEASE_HELD_ELSEWHERE;
            }
        } catch (StoreException e) {
            err.println("expire: cannot reach the store: " + LogText.escape(e.getMessage()));
            return StoreCommandLine.STORE_UNREACHABLE;
        }
        try {
            ExpiryPassResult run = pass.run(store, owner);
            if (!run.leaseHeld()) {
                err.println("expire: " + app + ": the expiry lease went to another node; nothing deleted");
                return LEASE_HELD_ELSEWHERE;
            }
            out.println(app + ": " + run.describe());
            return 0;
        } catch (StoreException e) {
            err.println("expire: " + app + ": the store failed during the pass: " + LogText.escape(e.getMessage()));
            return StoreCommandLine.FAILED;
        } finally {
            try {
                store.releaseExpiryLease(owner);
            } catch (StoreException e) {
                err.println("expire: the expiry lease was not released (it lapses within "
                        + pass.leaseMillis() / 1000 + " s): " + LogText.escape(e.getMessage()));
            }
        }
    }

    private static String holder(SessionStore store) {
        try {
            String holder = store.expiryLeaseHolder();
            return holder == null ? "no holder any more" : "held by " + LogText.safe(holder);
        } catch (StoreException e) {
            return "holder unknown";
        }
    }

    /** The command's own options (besides {@code --app} and the store's options). */
    public static Set<String> ownOptions() {
        return OWN_OPTIONS;
    }

    private String usage() {
        return """
                usage: expire --app /<engine>/<host><context path> <store options>
                              [--batch-size N (1000; Redis hash mode: bucket hashes per batch)]
                              [--max-run-millis MS (60000)]
                """ + commandLine.storeUsage();
    }
}
