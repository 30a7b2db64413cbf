package io.sessionstores.core.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.sessionstores.core.cli.CommandRunner;
import io.sessionstores.core.store.InMemorySessionStore;
import io.sessionstores.core.store.SessionRecord;
import org.junit.jupiter.api.Test;

/** {@code migrate} on the in-memory store: what {@code --keep-source} means. */
class MigrateCommandTest {

    private static final String APP = "/Catalina/localhost/migrate-cli";

    @Test
    void keepSourceYesKeepsTheSource() {
        Map<String, SessionRecord> source = CommandRunner.seed("keep-yes-old", APP);
        Map<String, SessionRecord> target = InMemorySessionStore.records("keep-yes-new", APP);
        target.clear();

        CommandRunner.Result run = CommandRunner.MIGRATE.run("--app", APP, "--from-memory", "keep-yes-old",
                "--to-memory", "keep-yes-new", "--keep-source", "yes");

        assertThat(run.exit()).as("exit; output: %s", run.all()).isZero();
        assertThat(source).as("the old store after --keep-source yes").hasSize(3);
        assertThat(target).as("the live sessions copied").containsOnlyKeys("B0000000000000000000000000000001",
                "B0000000000000000000000000000002");
    }

    @Test
    void keepSourceNoDrainsTheSource() {
        Map<String, SessionRecord> source = CommandRunner.seed("keep-no-old", APP);
        InMemorySessionStore.records("keep-no-new", APP).clear();

        CommandRunner.Result run = CommandRunner.MIGRATE.run("--app", APP, "--from-memory", "keep-no-old",
                "--to-memory", "keep-no-new", "--keep-source", "NO");

        assertThat(run.exit()).as("exit; output: %s", run.all()).isZero();
        assertThat(source).as("only the expired session is left to the old store's expiry")
                .containsOnlyKeys("B0000000000000000000000000000003");
    }

    @Test
    void keepSourceMaybeIsRefusedWithExit2AndChangesNothing() {
        Map<String, SessionRecord> source = CommandRunner.seed("keep-maybe-old", APP);
        Map<String, SessionRecord> before = Map.copyOf(source);
        Map<String, SessionRecord> target = InMemorySessionStore.records("keep-maybe-new", APP);
        target.clear();

        CommandRunner.Result run = CommandRunner.MIGRATE.run("--app", APP, "--from-memory", "keep-maybe-old",
                "--to-memory", "keep-maybe-new", "--keep-source", "maybe");

        assertThat(run.exit()).as("exit; output: %s", run.all()).isEqualTo(2);
        assertThat(run.all()).contains("'--keep-source'").contains("'maybe'").contains("true, false, yes, no");
        assertThat(source).as("the old store").isEqualTo(before);
        assertThat(target).as("the new store").isEmpty();
    }
}
