package io.sessionstores.benchmarks.redis;

import java.util.ArrayList;
import java.util.List;

import io.sessionstores.redis.RedisSessionStore;
import io.sessionstores.redis.testkit.PipelinedFill;
import io.sessionstores.testsupport.RedisBinary;
import io.sessionstores.testsupport.RedisServer;

/**
 * Benchmark part {@code memory} ({@code benchmarks/run.sh memory}): Redis memory per session,
 * expiry bookkeeping included, for 10^4, 10^5 and 10^6 sessions of 200 B and 2 KB frames, in
 * string mode, in hash mode under Redis' default and tuned listpack settings, and in the layout
 * of Redisson's Tomcat manager under both ({@link RedissonTomcatLayout}). A row is the growth of
 * {@code used_memory} over the fill divided by the sessions, on a private redis-server (port
 * 7311) started for the row with its settings, measured with no client connected but the one
 * asking; the overhead is that minus the frame. Our sessions are the keys, fields and values
 * the store writes ({@link PipelinedFill}: HSET, or SET with the store's PX time to live; the
 * first one is then read back through the store), Redisson's the hash and PEXPIRE its manager
 * writes; both are sent through one pipelined connection ({@link RespPipeline}), so that a
 * million 2 KB sessions take seconds. A Redisson session holds the frame's body as attributes
 * (a String of frame - 44 characters and an Integer counter): a row of it stores the same
 * session as ours. Hash mode uses the {@code bucketCount} the README recommends for the session
 * count (sessions / 25, rounded to the nearest power of two). These are figures, not timing
 * assertions; the one check is the bound for hash mode with tuned listpack settings:
 * at most 70 B over a 200 B frame at every session count, expiry bookkeeping included (hash
 * mode keeps none per session besides the frame's own header; string mode and Redisson's
 * layout pay an entry in Redis' expires table per key). Session counts: system property
 * {@code sessionstores.figures.sessions} (comma-separated, default 10000,100000,1000000;
 * smoke: 1000, 200 B only).
 */
public final class MemoryFigures {

    static final int PORT = 7311;
    static final String[] TUNED = {"--hash-max-listpack-value", "256", "--hash-max-listpack-entries", "512"};
    static final String[] TUNED_2K = {"--hash-max-listpack-value", "2200", "--hash-max-listpack-entries", "512"};
    static final int[] FRAMES = {200, 2048};
    static final int OVERHEAD_BOUND = 70;

    /** Where the sessions live. */
    enum Layout {
        STRING("ours, string mode"), HASH("ours, hash mode"), REDISSON("Redisson's Tomcat manager");

        final String label;

        Layout(String label) {
            this.label = label;
        }
    }

    record Scenario(int sessions, int frameBytes, Layout layout, boolean tuned) {

        String[] serverArgs() {
            return !tuned ? new String[0] : frameBytes <= 200 ? TUNED : TUNED_2K;
        }

        String settings() {
            return !tuned ? "defaults" : "listpack-value " + serverArgs()[1] + ", entries 512";
        }

        /** The README's advice: sessions / 25, rounded to the nearest power of two, at most 65536. */
        int bucketCount() {
            return Math.min(65536, Integer.highestOneBit(Math.max(1, sessions / 25) * 3 / 2));
        }
    }

    record Figure(double perSession, String encoding) {
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
        List<Scenario> scenarios = new ArrayList<>();
        String counts = System.getProperty("sessionstores.figures.sessions", Figures.SMOKE ? "1000" : "10000,100000,1000000");
        for (String count : counts.split(",")) {
            for (int frame : Figures.SMOKE ? new int[] {200} : FRAMES) {
                int n = Integer.parseInt(count.trim());
                scenarios.add(new Scenario(n, frame, Layout.STRING, false)); // listpack settings do not apply
                for (Layout layout : List.of(Layout.HASH, Layout.REDISSON)) {
                    scenarios.add(new Scenario(n, frame, layout, false));
                    scenarios.add(new Scenario(n, frame, layout, true));
                }
            }
        }
        StringBuilder table = new StringBuilder(String.format("%n[memory] Redis %s, used_memory per session, expiry"
                + " bookkeeping included; tuned: hash-max-listpack-value 256 (200 B) or 2200 (2 KB),"
                + " hash-max-listpack-entries 512%n| sessions | frame | layout | Redis settings | encoding"
                + " | per session | overhead over the frame |%n|---:|---:|---|---|---|---:|---:|%n", redisVersion()));
        List<String> overBound = new ArrayList<>();
        for (Scenario s : scenarios) {
            long started = System.nanoTime();
            Figure f = measure(s);
            double overhead = f.perSession() - s.frameBytes();
            String layout = s.layout() == Layout.HASH ? s.layout().label + ", " + s.bucketCount() + " buckets" : s.layout().label;
            table.append(String.format("| %,d | %,d B | %s | %s | %s | %,.1f B | %,.1f B |%n", s.sessions(), s.frameBytes(),
                    layout, s.settings(), f.encoding(), f.perSession(), overhead));
            System.err.printf("memory: %s: %.1f B over the frame, %.1f s%n", s, overhead, (System.nanoTime() - started) / 1e9);
            if (s.layout() == Layout.HASH && s.tuned() && s.frameBytes() == 200 && overhead > OVERHEAD_BOUND) {
                overBound.add(String.format("%,d sessions: %.1f B", s.sessions(), overhead));
            }
        }
        System.out.println(table);
        Figures.check(Figures.SMOKE || overBound.isEmpty(),
                "hash-mode overhead per 200 B session over " + OVERHEAD_BOUND + " B, tuned listpack settings: " + overBound);
    }

    private static Figure measure(Scenario s) throws Exception {
        try (RedisServer server = RedisServer.start(PORT, s.serverArgs())) {
            if (s.layout() == Layout.REDISSON) {
                return measureRedisson(s, server);
            }
            RedisSessionStore store = store(s, server); // records the layout in Redis
            store.stop(); // its connections are not part of the figure
            String[] first = new String[1];
            double perSession = perSession(server, s.sessions(), pipeline -> first[0] = PipelinedFill.sessions(store,
                    Figures.NOW, s.sessions(), Figures.NOW + 1_800_000, s.frameBytes(), pipeline));
            RedisSessionStore check = store(s, server);
            try {
                Figures.check(check.count() == s.sessions(), "sessions stored in " + s + ": " + check.count());
                Figures.check(check.read(first[0]) != null, "a filled session read back through the store in " + s);
                String sample = check.locate(first[0]).key(); // string mode: its key; hash mode: its bucket
                return new Figure(perSession, encoding(server, sample));
            } finally {
                check.stop();
            }
        }
    }

    private static RedisSessionStore store(Scenario s, RedisServer server) throws Exception {
        RedisSessionStore store = new RedisSessionStore();
        store.setAddress(server.address());
        store.setMode(s.layout().name());
        store.setBucketCount(s.bucketCount());
        store.setKeyPrefix("ss:1a2b3c4d:");
        return Figures.start(store, "/Catalina/localhost/memory");
    }

    private static Figure measureRedisson(Scenario s, RedisServer server) throws Exception {
        RedissonTomcatLayout layout = new RedissonTomcatLayout();
        double perSession = perSession(server, s.sessions(),
                pipeline -> layout.sessions(pipeline, s.sessions(), s.frameBytes() - 44, Figures.NOW));
        String keyspace = server.cli("info", "keyspace");
        Figures.check(keyspace.contains("db0:keys=" + s.sessions() + ",expires=" + s.sessions() + ","),
                "sessions stored, each with a time to live, in " + s + ": " + keyspace.trim());
        String sample = server.cli("randomkey").trim();
        return new Figure(perSession, encoding(server, sample));
    }

    /** A fill's writes, sent through a pipeline. */
    interface Fill {
        void run(RespPipeline pipeline) throws Exception;
    }

    /**
     * The growth of {@code used_memory} per session over {@code fill}, measured while no other
     * client than the one asking is connected (clients' buffers are not the sessions').
     */
    private static double perSession(RedisServer server, int sessions, Fill fill) throws Exception {
        long before = usedMemory(server);
        try (RespPipeline pipeline = new RespPipeline(PORT)) {
            fill.run(pipeline);
        }
        return (usedMemory(server) - before) / (double) sessions;
    }

    /** {@code used_memory} once the only client connected is the one asking, after MEMORY PURGE. */
    private static long usedMemory(RedisServer server) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.info("clients", "connected_clients") > 1) {
            Figures.check(System.nanoTime() < deadline, "the other clients disconnected within 10 s");
            Thread.sleep(10);
        }
        server.cli("memory", "purge");
        return server.info("memory", "used_memory");
    }

    private static String encoding(RedisServer server, String key) throws Exception {
        return server.cli("object", "encoding", key).trim();
    }

    private static String redisVersion() throws Exception {
        return RedisServer.run(List.of(RedisBinary.command(), "--version")).replaceAll(".*v=([0-9.]+).*\\s*", "$1").trim();
    }
}
