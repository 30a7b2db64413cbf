package io.sessionstores.core.contract;

import io.sessionstores.core.expiry.ExpireCommand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.analysis.CommandRun;
import io.sessionstores.core.store.ScannedRecord;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreException;
import io.sessionstores.core.frame.Frames;
import io.sessionstores.core.tool.StoreCommandLine;

/**
 * The {@code expire} command line against a real store, as cron runs it. Expired
 * sessions go; live and never-expiring ones stay; a lease held by another node (a valve) means
 * nothing is deleted; an unreachable store and bad arguments end with their exit codes and a
 * message. One subclass per store gives the store options.
 *
 * <p>Runs on H2, PostgreSQL, MariaDB and Redis hash mode, on one server and on a Cluster
 * ({@code --redisson-config}) ({@code <Store>ExpireCommandIT}). Does
 * not apply to the in-memory test store (no command-line factory) nor to cached-JDBC (the command
 * reaches its table with the JDBC options: the database deletes, the cache expires by TTL), nor
 * to Redis string mode, on one server or a Cluster (nothing to delete: Redis's TTL).
 */
public abstract class ExpireCommandContract {

    private static final long HOUR = 3_600_000;

    /** This run's application name. */
    protected final String app = "/Catalina/localhost/expire-command-" + System.nanoTime();
    private SessionStore store;

    /** A started store for {@code app} with this machine's clock, configured as {@link #storeOptions()} say. */
    protected abstract SessionStore startStore(String app) throws Exception;

    /** The command-line options naming the same store. */
    protected abstract List<String> storeOptions();

    /** Options naming a store of this kind that nothing answers (a closed loopback port). */
    protected abstract List<String> unreachableStoreOptions();

    /** Removes what the test left (called before the store stops). */
    protected void cleanUp(SessionStore store) throws Exception {
        // nothing by default
    }

    @BeforeEach
    void start() throws Exception {
        store = startStore(app);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            cleanUp(store);
        } finally {
            store.stop();
        }
    }

    private CommandRun expire(String... more) {
        List<String> args = new ArrayList<>(List.of("expire", "--app", app));
        args.addAll(storeOptions());
        args.addAll(List.of(more));
        return CommandRun.expire(args.toArray(String[]::new));
    }

    /** id -> whether stored and expired ({@code true}), stored and live ({@code false}), absent (no entry). */
    private Map<String, Boolean> stored(List<String> ids) throws StoreException {
        return store.lookup(ids).stream().collect(Collectors.toMap(r -> r.record().id(), ScannedRecord::expired));
    }

    private List<String> seed(String prefix, int n, long expiresAt) throws StoreException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("%s%027X", prefix, i);
            SessionRecord record = Frames.record(id, 1, expiresAt, "expire command " + i);
            assertThat(store.write(record, 0)).as("seeding %s", id).isTrue();
            ids.add(id);
        }
        return ids;
    }

    @Test
    void onlyExpiredSessionsGoLiveAndNeverExpiringOnesStay() throws Exception {
        long now = System.currentTimeMillis();
        List<String> expired = seed("E0000", 5, now - HOUR);
        List<String> live = seed("A1000", 3, now + HOUR);
        List<String> never = seed("F2000", 2, SessionRecord.NEVER_EXPIRES);

        CommandRun run = expire("--batch-size", "2", "--max-run-millis", "30000");

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out()).as("what it printed").contains(app + ": deleted 5 expired sessions").contains(" ms");
        Map<String, Boolean> left = stored(Stream.of(expired, live, never).flatMap(List::stream).toList());
        assertThat(left).as("stored after the pass (id -> expired)")
                .containsOnlyKeys(Stream.concat(live.stream(), never.stream()).toList())
                .doesNotContainValue(true);
        assertThat(store.expiryLeaseHolder()).as("the lease after the command").isNull();
    }

    @Test
    void leaseHeldByAnotherNodeMeansNothingIsDeleted() throws Exception {
        List<String> expired = seed("E3000", 2, System.currentTimeMillis() - HOUR);
        assertThat(store.acquireExpiryLease("valve on node b", 60_000)).isTrue();
        try {
            CommandRun run = expire();
            assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isEqualTo(ExpireCommand.LEASE_HELD_ELSEWHERE);
            assertThat(run.err()).contains("another node holds the expiry lease").contains("valve on node b")
                    .contains("nothing deleted");
            assertThat(stored(expired)).as("expired sessions still stored").containsOnlyKeys(expired);
        } finally {
            store.releaseExpiryLease("valve on node b");
        }
    }

    @Test
    void unreachableStoreExitsWith3SayingSo() {
        List<String> args = new ArrayList<>(List.of("expire", "--app", app));
        args.addAll(unreachableStoreOptions());
        CommandRun run = CommandRun.expire(args.toArray(String[]::new));
        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isEqualTo(StoreCommandLine.STORE_UNREACHABLE);
        assertThat(run.err()).startsWith("expire: ").containsAnyOf("cannot reach the store", "did not start");
    }

    @Test
    void badArgumentsExitWith2NamingTheProblem() {
        Function<CommandRun, Integer> exit = CommandRun::exit;
        CommandRun zero = expire("--batch-size", "0");
        assertThat(exit.apply(zero)).isEqualTo(StoreCommandLine.BAD_ARGUMENTS);
        assertThat(zero.err()).contains("'0'").contains("--batch-size").contains("1 to 100000").contains("usage: expire");
        CommandRun word = expire("--max-run-millis", "soon");
        assertThat(exit.apply(word)).isEqualTo(StoreCommandLine.BAD_ARGUMENTS);
        assertThat(word.err()).contains("'soon'").contains("--max-run-millis").contains("a whole number");
        CommandRun unknown = expire("--dry-run", "yes");
        assertThat(exit.apply(unknown)).isEqualTo(StoreCommandLine.BAD_ARGUMENTS);
        assertThat(unknown.err()).contains("unknown option '--dry-run'");
        CommandRun noStore = CommandRun.expire("expire", "--app", app);
        assertThat(exit.apply(noStore)).isEqualTo(StoreCommandLine.BAD_ARGUMENTS);
        assertThat(noStore.err()).contains("name one store");
        CommandRun noApp = CommandRun.expire("expire");
        assertThat(exit.apply(noApp)).isEqualTo(StoreCommandLine.BAD_ARGUMENTS);
        assertThat(noApp.err()).contains("--app");
    }
}
