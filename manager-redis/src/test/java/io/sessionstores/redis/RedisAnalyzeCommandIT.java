package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sessionstores.core.analysis.AnalysisFixture;
import io.sessionstores.core.analysis.CommandRun;
import io.sessionstores.core.analysis.AnalyzeCommand;
import io.sessionstores.core.store.SessionIds;
import io.sessionstores.core.store.StoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code analyze} command line on Redis hash mode, as an operator runs it against the
 * server a context uses: figures checked against the fixture's own arithmetic, an id file with a
 * missing id, an unreachable server.
 */
class RedisAnalyzeCommandIT {

    private static final String APP = "/Catalina/localhost/redis-analyze";
    private static final String PREFIX = StoreFixture.uniquePrefix();
    private static List<AnalysisFixture.Seeded> seeded;
    private static RedisSessionStore seeder;

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed() throws Exception {
        long now = System.currentTimeMillis();
        seeded = AnalysisFixture.population(now + 1_800_000, now + 1_000);
        seeder = new RedisSessionStore();
        seeder.setAddress(StoreFixture.SHARED_REDIS);
        seeder.setKeyPrefix(PREFIX);
        seeder.setBucketCount(256);
        seeder.start(new StoreContext(APP, "seed", RedisAnalyzeCommandIT.class.getClassLoader(), () -> now));
        for (AnalysisFixture.Seeded s : seeded) {
            assertThat(seeder.write(s.record(), 0)).as("seeding %s", s.id()).isTrue();
        }
        Thread.sleep(1_100);
    }

    @AfterAll
    static void deleteKeys() {
        StoreFixture.deleteKeys(seeder);
        seeder.stop();
    }

    @Test
    void everySessionOfTheHashModeStoreIsAnalysedToTheByte() {
        CommandRun run = CommandRun.of("analyze", "--app", APP, "--redis-address", StoreFixture.SHARED_REDIS,
                "--key-prefix", PREFIX, "--bucket-count", "256", "--bigger-than", "0", "--batch-size", "3");

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out()).startsWith(AnalysisFixture.classicText(seeded, seeded.size()))
                .contains("Expired sessions (counted, not analysed): 2");
    }

    @Test
    void idsFromAFileListTheMissingOnes() throws Exception {
        Path ids = dir.resolve("ids.txt");
        String missing = "FFFF0000FFFF0000FFFF0000FFFF0000";
        Files.writeString(ids, seeded.get(1).id() + "\n" + missing + "\n");
        CommandRun run = CommandRun.of("analyze", "--app", APP, "--redis-address", StoreFixture.SHARED_REDIS,
                "--key-prefix", PREFIX, "--bucket-count", "256", "--ids-from", ids.toString(), "--format", "json");

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("\"processed\" : 1")
                .contains("\"missingIds\" : [ \"" + SessionIds.hash(missing) + "\" ]");
    }

    @Test
    void anUnreachableServerExitsWith3AndABadModeWith2() {
        CommandRun unreachable = CommandRun.of("analyze", "--app", APP, "--redis-address", "redis://127.0.0.1:1");
        assertThat(unreachable.exit()).as("exit code; stderr: %s", unreachable.err())
                .isEqualTo(AnalyzeCommand.STORE_UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot reach the store");

        CommandRun badMode = CommandRun.of("analyze", "--app", APP, "--redis-address", StoreFixture.SHARED_REDIS,
                "--mode", "tree");
        assertThat(badMode.exit()).isEqualTo(AnalyzeCommand.BAD_ARGUMENTS);
        assertThat(badMode.err()).contains("mode").contains("tree");
    }
}
