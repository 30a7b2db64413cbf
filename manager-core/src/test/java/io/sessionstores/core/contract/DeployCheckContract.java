package io.sessionstores.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.sessionstores.core.deploycheck.DeployCheckCommand;
import io.sessionstores.core.deploycheck.DeployFixture;
import io.sessionstores.core.store.SessionRecord;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreFactory;

/**
 * The {@code deploy-check} command against a real store, as an operator runs it before a deploy:
 * the six sessions of {@link DeployFixture} written with today's classes, then checked with the
 * new WAR (a changed {@code serialVersionUID}, a missing class, a class the new allowlist refuses:
 * exit 1, each named with its count) and with today's classes (exit 0); the stored records are
 * byte for byte what they were after both runs (the check only reads).
 *
 * <p>One subclass per store factory: it names the store on the command line and opens it to seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DeployCheckContract {

    /** The application the sessions belong to. */
    protected static final String APP = "/Catalina/localhost/deploy-check";

    private DeployFixture fixture;
    private SessionStore store;
    private List<String> ids;
    private Map<String, String> before;

    /** The backends the command may choose from. */
    protected abstract List<StoreFactory> factories();

    /** The store options naming the store, as {@code --name value} pairs. */
    protected abstract List<String> storeOptions();

    /** The same store, started for {@link #APP}, to seed and read back. */
    protected abstract SessionStore openStore() throws Exception;

    /** Removes what the test wrote (the store is stopped after). */
    protected void cleanUp(SessionStore store, List<String> ids) throws Exception {
        for (String id : ids) {
            store.delete(id);
        }
    }

    @BeforeAll
    void seed() throws Exception {
        fixture = DeployFixture.shared();
        store = openStore();
        ids = new ArrayList<>();
        for (SessionRecord record : fixture.sessions(APP, "DC")) {
            store.delete(record.id());
            assertThat(store.write(record, 0)).as("seeding %s", record.id()).isTrue();
            ids.add(record.id());
        }
        before = DeployFixture.stored(store, ids);
        assertThat(before).hasSize(DeployFixture.SESSIONS);
    }

    @AfterAll
    void removeSessions() throws Exception {
        if (store != null) {
            try {
                cleanUp(store, ids);
            } finally {
                store.stop();
            }
        }
    }

    @Test
    void aWarThatWouldDropAttributesIsNotSafeAndNamesEachWithItsCount() throws Exception {
        Run run = run("--war", fixture.newWar().toString(), "--allowed-class-names", DeployFixture.NEW_ALLOWLIST,
                "--sample", "all");

        assertThat(run.exit()).as("exit status; stderr: %s; report: %s", run.err(), run.out())
                .isEqualTo(DeployCheckCommand.NOT_SAFE);
        assertThat(run.out()).contains("Checked " + DeployFixture.SESSIONS + " sessions (all live sessions)")
                .contains("Attributes checked: " + DeployFixture.ATTRIBUTES + "\n")
                .contains("Sessions that would lose attributes: " + DeployFixture.LOSING + "\n")
                .containsPattern("\n +3  serialVersionUID changed +cart  com\\.example\\.shop\\.Cart\n"
                        + " +java\\.io\\.InvalidClassException: .*stream classdesc serialVersionUID = 1, local class"
                        + " serialVersionUID = 2\n")
                .containsPattern("\n +2  not allowed by the allowlist +token  com\\.example\\.legacy\\.Token\n")
                .containsPattern("\n +1  class missing +coupon  com\\.example\\.shop\\.Coupon\n")
                .contains("NOT SAFE: " + DeployFixture.LOSING + " of " + DeployFixture.SESSIONS + " checked sessions");
        assertThat(run.out().lines().filter(l -> l.matches(" +\\d+  .*"))).as("one row per dropped attribute")
                .hasSize(3);
        assertThat(DeployFixture.stored(store, ids)).as("the stored records after the check").isEqualTo(before);
    }

    @Test
    void todaysClassesReadEverySessionWhole() throws Exception {
        Run run = run("--war", fixture.oldClasses().toString(), "--allowed-class-names", DeployFixture.OLD_ALLOWLIST);

        assertThat(run.exit()).as("exit status; stderr: %s; report: %s", run.err(), run.out())
                .isEqualTo(DeployCheckCommand.SAFE);
        assertThat(run.out()).contains("Checked " + DeployFixture.SESSIONS + " sessions (the first 1000 live")
                .contains("Sessions that would lose attributes: 0\n")
                .contains("SAFE: the " + DeployFixture.SESSIONS + " checked sessions read whole");
        assertThat(DeployFixture.stored(store, ids)).as("the stored records after the check").isEqualTo(before);
    }

    /** What one run printed and returned. */
    protected record Run(int exit, String out, String err) {
    }

    /** The two versions' classes. */
    protected DeployFixture fixture() {
        return fixture;
    }

    /** Runs {@code deploy-check --app APP <store options> options...} in this JVM. */
    protected Run run(String... options) {
        return run(storeOptions(), options);
    }

    /** Runs {@code deploy-check --app APP <store> options...} in this JVM. */
    protected Run run(List<String> store, String... options) {
        List<String> args = new ArrayList<>(List.of("deploy-check", "--app", APP));
        args.addAll(store);
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new DeployCheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), factories()).run(args.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
