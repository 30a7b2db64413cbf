package io.sessionstores.redis;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark part {@code memory} ({@code benchmarks/run.sh memory}; was a figure test in
 * manager-redis): Redis memory per session, hash mode against string mode, measured with
 * {@code used_memory} on a private redis-server (port 7311) started per scenario with its own settings. Sessions are
 * written through the store (so keys, fields and values are exactly what it stores), their
 * frames are random bytes, and the figure printed is the overhead: memory per session minus the
 * frame. These are figures, not timing assertions; the one check is the bound for
 * hash mode with tuned listpack settings (at most 70 B per 200 B session, expiry bookkeeping
 * included: there is none per session besides the frame's own header).
 * Sessions per scenario: system property {@code sessionstores.figures.sessions} (default 100000).
 */
public final class MemoryFigures {

    static final int PORT = 7311;
    static final int SESSIONS = Integer.getInteger("sessionstores.figures.sessions", Figures.SMOKE ? 1_000 : 100_000);
    static final String[] TUNED = {"--hash-max-listpack-value", "256", "--hash-max-listpack-entries", "512"};
    static final String[] TUNED_2K = {"--hash-max-listpack-value", "2200", "--hash-max-listpack-entries", "512"};

    record Scenario(String name, StoreMode mode, int bucketCount, int frameBytes, String... serverArgs) {
    }

    private MemoryFigures() {
    }

    /**
     * Prints the table; fails when tuned hash mode costs more than its bound.
     *
     * @param args none
     * @throws Exception when redis-server or the store fails
     */
    public static void main(String[] args) throws Exception {
        List<Scenario> scenarios = List.of(
                new Scenario("string", StoreMode.STRING, 1, 200),
                new Scenario("hash, default listpack settings", StoreMode.HASH, 65536, 200),
                new Scenario("hash, listpack-value 256", StoreMode.HASH, 65536, 200, TUNED),
                new Scenario("hash, listpack-value 256, 16384 buckets", StoreMode.HASH, 16384, 200, TUNED),
                new Scenario("string", StoreMode.STRING, 1, 2048),
                new Scenario("hash, default listpack settings", StoreMode.HASH, 65536, 2048),
                new Scenario("hash, listpack-value 2200", StoreMode.HASH, 65536, 2048, TUNED_2K),
                new Scenario("hash, listpack-value 2200, 16384 buckets", StoreMode.HASH, 16384, 2048, TUNED_2K));
        if (Figures.SMOKE) {
            scenarios = scenarios.subList(0, 2);
        }
        StringBuilder table = new StringBuilder(String.format("%n[memory] %d sessions per row, Redis %s%n"
                + "| frame | layout | used_memory per session | overhead over the frame |%n|---|---|---|---|%n",
                SESSIONS, redisVersion()));
        double tunedHashOverhead200 = Double.MAX_VALUE;
        for (Scenario s : scenarios) {
            double perSession = measure(s);
            double overhead = perSession - s.frameBytes();
            table.append(String.format("| %d B | %s | %.1f B | %.1f B |%n", s.frameBytes(), s.name(), perSession, overhead));
            if (s.mode() == StoreMode.HASH && s.frameBytes() == 200 && s.serverArgs().length > 0) {
                tunedHashOverhead200 = Math.min(tunedHashOverhead200, overhead);
            }
        }
        System.out.println(table);
        Figures.check(Figures.SMOKE || tunedHashOverhead200 <= 70,
                "hash-mode overhead per 200 B session, tuned listpack settings: " + tunedHashOverhead200 + " B");
    }

    private static double measure(Scenario s) throws Exception {
        try (RedisServer server = RedisServer.start(PORT, s.serverArgs())) {
            StoreFixture fixture = new StoreFixture();
            RedisSessionStore store = new RedisSessionStore();
            store.setAddress(server.address());
            store.setMode(s.mode().name());
            store.setBucketCount(s.bucketCount());
            store.setKeyPrefix("ss:1a2b3c4d:");
            fixture.start(store, "/Catalina/localhost/memory");
            try {
                // the first write loads the scripts and probes: not part of the per-session figure
                writeSessions(store, fixture.now(), 0, 1, s.frameBytes());
                server.cli("memory", "purge");
                long before = server.info("memory", "used_memory");
                writeSessions(store, fixture.now(), 1, SESSIONS + 1, s.frameBytes());
                server.cli("memory", "purge");
                long after = server.info("memory", "used_memory");
                Figures.check(store.count() == SESSIONS + 1, "sessions stored in " + s + ": " + store.count());
                return (after - before) / (double) SESSIONS;
            } finally {
                store.stop();
            }
        }
    }

    /** Writes sessions {@code from..to-1} with random ids and bodies, from four threads. */
    static void writeSessions(RedisSessionStore store, long now, int from, int to, int frameBytes) throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(part * 1_000_003L + from);
                    byte[] idBytes = new byte[16];
                    for (int i = from + part; i < to; i += threads) {
                        random.nextBytes(idBytes);
                        byte[] body = new byte[frameBytes - 44];
                        random.nextBytes(body);
                        String id = HexFormat.of().withUpperCase().formatHex(idBytes);
                        if (!store.write(TestFrames.record(id, 1, now + 1_800_000, now, body), 0)) {
                            throw new IllegalStateException("write refused");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String redisVersion() throws Exception {
        return RedisServer.run(List.of("redis-server", "--version")).replaceAll(".*v=([0-9.]+).*\\s*", "$1").trim();
    }
}
