package io.sessionstores.benchmarks.redis;

import io.sessionstores.redis.RedisSessionStore;
import io.sessionstores.redis.testkit.PipelinedFill;
import io.sessionstores.testsupport.RedisServer;

/**
 * Benchmark part {@code buckets} ({@code benchmarks/run.sh buckets}; was a figure test in
 * manager-redis): which {@code bucketCount} suits which number of sessions: hash-mode overhead
 * per 200 B session (tuned listpack settings) at 10^4, 10^5 and 10^6 sessions for several bucket
 * counts, from {@code used_memory} on a private redis-server (port 7312). Prints a table.
 */
public final class BucketCountFigures {

    static final int PORT = 7312;
    static final int FRAME = 200;

    private BucketCountFigures() {
    }

    /**
     * Prints the table.
     *
     * @param args none
     * @throws Exception when redis-server or the store fails
     */
    public static void main(String[] args) throws Exception {
        int[][] grid = Figures.SMOKE ? new int[][] {{10_000, 1024}} : new int[][] {{10_000, 1024}, {10_000, 4096}, {10_000, 65536}, {100_000, 4096}, {100_000, 16384},
                {100_000, 65536}, {1_000_000, 16384}, {1_000_000, 65536}};
        StringBuilder table = new StringBuilder(String.format("%n[buckets] hash mode, %d B frames,"
                + " hash-max-listpack-value 256, hash-max-listpack-entries 512%n"
                + "| sessions | bucketCount | sessions per bucket | overhead per session |%n|---|---|---|---|%n", FRAME));
        for (int[] row : grid) {
            double overhead = overhead(row[0], row[1]);
            table.append(String.format("| %,d | %d | %.1f | %.1f B |%n", row[0], row[1], row[0] / (double) row[1], overhead));
        }
        System.out.println(table);
    }

    private static double overhead(int sessions, int buckets) throws Exception {
        try (RedisServer server = RedisServer.start(PORT, MemoryFigures.TUNED)) {
            RedisSessionStore store = new RedisSessionStore();
            store.setAddress(server.address());
            store.setBucketCount(buckets);
            store.setKeyPrefix("ss:1a2b3c4d:");
            Figures.start(store, "/Catalina/localhost/buckets");
            try {
                store.count(); // connects: the pools are not part of the figure
                server.cli("memory", "purge");
                long before = server.info("memory", "used_memory");
                try (RespPipeline pipeline = new RespPipeline(PORT)) {
                    PipelinedFill.sessions(store, Figures.NOW, sessions, Figures.NOW + 1_800_000, FRAME, pipeline);
                }
                server.cli("memory", "purge");
                long after = server.info("memory", "used_memory");
                return (after - before) / (double) sessions - FRAME;
            } finally {
                store.stop();
            }
        }
    }

}
