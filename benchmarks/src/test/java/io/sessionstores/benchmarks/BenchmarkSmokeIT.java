package io.sessionstores.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The benchmarks are not part of the test run; this checks that each part of
 * {@code benchmarks/run.sh} starts and produces its rows, in its smoke mode (one shape for one
 * second, StandardManager and our Redis hash store on a real Tomcat, two nodes, a few sessions
 * for the Redis figures, one JMH benchmark without forking). It runs the script once, after
 * {@code package} has unpacked Tomcat and copied the jars, on ports apart from the real run's.
 * The script drives the machine's tools ({@value #TOOLS}) and its PostgreSQL and MariaDB: the test
 * runs where they are all on the {@code PATH}, and always with
 * {@code -Dsessionstores.benchmarks.smoke=required} ({@code .ci/run}), where a missing one fails it.
 */
@EnabledIf("toolsPresentOrRequired")
class BenchmarkSmokeIT {

    private static final String TOOLS = "wrk redis-server redis-cli psql mysql";

    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path RESULTS = MODULE.resolve("target/smoke-results");

    static boolean toolsPresentOrRequired() {
        if ("required".equals(System.getProperty("sessionstores.benchmarks.smoke"))) {
            return true;
        }
        List<String> path = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        return Stream.of(TOOLS.split(" ")).allMatch(tool -> path.stream().anyMatch(dir -> !dir.isEmpty()
                && Files.isExecutable(Path.of(dir, tool))));
    }

    @BeforeAll
    static void runSmoke() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", MODULE.resolve("run.sh").toString(), "--smoke",
                "load", "nodes", "memory", "buckets", "sweep", "expiry", "analysis", "jmh")
                .redirectErrorStream(true)
                .redirectOutput(MODULE.resolve("target/smoke.log").toFile())
                .directory(MODULE.toFile());
        Map<String, String> env = builder.environment();
        env.put("BUILD", "never");
        env.put("RESULTS_DIR", RESULTS.toString());
        env.put("WORK_DIR", MODULE.resolve("target/smoke-work").toString());
        env.put("REDIS_PORT", "7314");
        env.put("HTTP_PORT_BASE", "18084");
        env.put("JMX_PORT_BASE", "18094");
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "run.sh --smoke did not finish in 3 minutes");
        assertEquals(0, process.exitValue(), "run.sh --smoke failed, see target/smoke.log");
    }

    @Test
    void loadPartMeasuresStandardManagerAndOurStoreWithoutErrors() throws IOException {
        List<String[]> rows = Files.readAllLines(RESULTS.resolve("raw/load.tsv")).stream().map(l -> l.split("\t")).toList();
        assertTrue(rows.stream().anyMatch(r -> r[0].equals("standard") && r[4].equals("1")), "a StandardManager row");
        assertTrue(rows.stream().anyMatch(r -> r[0].equals("hash") && r[4].equals("1")), "a row of ours");
        assertTrue(rows.stream().anyMatch(r -> r[0].equals("hash") && r[4].equals("2")), "a two-node row");
        for (String[] row : rows) {
            assertTrue(Long.parseLong(row[5]) > 0, "requests in " + String.join(" ", row));
            assertEquals("0", row[9], "errors in " + String.join(" ", row));
        }
        assertTrue(rows.stream().filter(r -> r[0].equals("hash")).allMatch(r -> Long.parseLong(r[10]) > 0),
                "Redis commands counted for our store");
    }

    @Test
    void reportHasEveryTable() throws IOException {
        String report = Files.readString(RESULTS.resolve("results.md"));
        for (String table : List.of("## Headline", "## Every run", "## Round trips", "## Our Manager's JMX counters",
                "## memory", "## buckets", "## sweep", "## expiry", "## analysis", "## jmh")) {
            assertTrue(report.contains(table), table + " in results.md");
        }
        assertTrue(report.contains("FrameBenchmark.readAndDecode"), "a JMH row");
        assertFalse(report.contains("WRONG"), "every expiry and analysis check passed");
        assertFalse(report.contains("Tomcat did not start"), "every Tomcat started");
        assertFalse(report.contains("Skipped:"), "no part failed or was missing from the build");
    }
}
